-- Strong login without a popup (issue #12): when the browser blocks the popup, the widget sends
-- the whole page to the provider instead, and the callback sends it back to the page it came from
-- with the one-time code in the URL's fragment. The page, on the opener's origin, is kept here.
-- NULL: a popup login (the callback posts the code to window.opener).
ALTER TABLE oidc_flows ADD COLUMN return_to text;
