/**
 * @module
 * The look of every email: the tenant's name and colour, a heading, paragraphs and one button,
 * as HTML and as plain text. Everything inserted is escaped. Links to a widget's page carry
 * their token in the fragment (`#token=…`), which browsers never send to a server, so it cannot
 * end up in a web server's log.
 */
import type { Tenant } from '../db/types.ts';

export type Language = 'lv' | 'en' | 'ru';

export interface EmailContent {
  heading: string;
  paragraphs: string[];
  action?: { label: string; url: string };
  /** Small print under the message (why you got it, how to stop it). */
  footer?: string;
  /** A small link under the footer, e.g. "Unsubscribe from these emails". */
  footerLink?: { label: string; url: string };
}

const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);

interface TenantSettings {
  publicUrl?: string;
  colors?: { primary?: string };
}

export function tenantSettings(tenant: Pick<Tenant, 'settings'>): TenantSettings {
  return (tenant.settings ?? {}) as TenantSettings;
}

/** The manager's page that embeds the widgets, with `#key=value` parameters in the fragment. */
export function tenantPageUrl(tenant: Pick<Tenant, 'settings'>, fragment: Record<string, string>, fallbackBase = 'http://localhost:8787/'): string {
  const base = tenantSettings(tenant).publicUrl ?? fallbackBase;
  // A manager's mistyped URL must not break every email of the tenant.
  const url = URL.canParse(base) && /^https?:$/.test(new URL(base).protocol) ? new URL(base) : new URL(fallbackBase);
  url.hash = new URLSearchParams(fragment).toString();
  return url.toString();
}

export function renderEmail(tenant: Pick<Tenant, 'name' | 'settings'>, content: EmailContent): { html: string; text: string } {
  const colour = /^#[0-9a-fA-F]{3,8}$/.test(tenantSettings(tenant).colors?.primary ?? '') ? tenantSettings(tenant).colors!.primary! : '#1d5e3a';
  const paragraphs = content.paragraphs.map((p) => `<p style="margin:0 0 16px;font-size:16px;line-height:1.5">${escapeHtml(p)}</p>`).join('');
  const button = content.action
    ? `<p style="margin:24px 0"><a href="${escapeHtml(content.action.url)}" style="background:${colour};color:#fff;padding:14px 24px;border-radius:6px;text-decoration:none;font-size:17px;display:inline-block">${escapeHtml(content.action.label)}</a></p>`
    : '';
  const footer = content.footer ? `<p style="margin:24px 0 0;font-size:13px;color:#555">${escapeHtml(content.footer)}</p>` : '';
  const footerLink = content.footerLink
    ? `<p style="margin:8px 0 0;font-size:13px"><a href="${escapeHtml(content.footerLink.url)}" style="color:#555">${escapeHtml(content.footerLink.label)}</a></p>`
    : '';
  const html = `<!doctype html><html><body style="margin:0;background:#f4f4f4;font-family:Arial,Helvetica,sans-serif;color:#1a1a1a">
<div style="max-width:600px;margin:0 auto;background:#fff">
<div style="background:${colour};color:#fff;padding:16px 24px;font-size:18px;font-weight:bold">${escapeHtml(tenant.name)}</div>
<div style="padding:24px"><h1 style="font-size:22px;margin:0 0 16px">${escapeHtml(content.heading)}</h1>${paragraphs}${button}${footer}${footerLink}</div>
</div></body></html>`;
  const text = [
    tenant.name,
    '',
    content.heading,
    '',
    ...content.paragraphs.flatMap((p) => [p, '']),
    ...(content.action ? [`${content.action.label}: ${content.action.url}`, ''] : []),
    ...(content.footer || content.footerLink ? ['--'] : []),
    ...(content.footer ? [content.footer] : []),
    ...(content.footerLink ? [`${content.footerLink.label}: ${content.footerLink.url}`] : []),
  ].join('\n');
  return { html, text };
}
