/**
 * @module
 * How the feed arranges what the server sent (pinned urgent first, then newest first): urgent
 * notices stay pinned on top while they are current; unread ones sit in the highlighted "new"
 * area, as Ludza's e-kabinets paints them yellow; once read a notice moves to the full list.
 */

export interface NoticeFile {
  id: string;
  fileName: string;
  contentType: string;
  sizeBytes: number;
}

export interface NoticeItem {
  id: string;
  title: string;
  body: string;
  kind: 'normal' | 'urgent';
  pinned: boolean;
  publishAt: string;
  expiresAt: string | null;
  read: boolean;
  readAt: string | null;
  attachments: NoticeFile[];
}

export interface NoticeList {
  notices: NoticeItem[];
  unreadCount: number;
}

export interface NoticeGroups {
  pinned: NoticeItem[];
  unread: NoticeItem[];
  read: NoticeItem[];
}

export function groupNotices(notices: readonly NoticeItem[]): NoticeGroups {
  return {
    pinned: notices.filter((n) => n.pinned),
    unread: notices.filter((n) => !n.pinned && !n.read),
    read: notices.filter((n) => !n.pinned && n.read),
  };
}

/** What a compact header shows: pinned, then unread, then the latest read, at most `limit`. */
export function compactSelection(notices: readonly NoticeItem[], limit: number): NoticeItem[] {
  const { pinned, unread, read } = groupNotices(notices);
  return [...pinned, ...unread, ...read].slice(0, Math.max(0, limit));
}

export function unreadCount(notices: readonly NoticeItem[]): number {
  return notices.filter((n) => !n.read).length;
}
