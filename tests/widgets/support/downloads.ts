/**
 * What a widget hands the browser to save (a PDF, an attachment), caught instead of saved: widgets
 * download through a blob URL and a clicked `<a download>` (widgets/core/download.ts), so a test
 * watches those two calls for as long as `start` takes to trigger one.
 */
import { until } from './fixture.ts';

export async function captureDownload(start: () => void, limitMs?: number): Promise<{ download: string; blob: Blob }> {
  const blobs = new Map<string, Blob>();
  const saved: Array<{ download: string; blob: Blob }> = [];
  const realCreate = URL.createObjectURL;
  const realClick = HTMLAnchorElement.prototype.click;
  URL.createObjectURL = (blob: Blob | MediaSource) => {
    const url = realCreate.call(URL, blob);
    blobs.set(url, blob as Blob);
    return url;
  };
  HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
    saved.push({ download: this.download, blob: blobs.get(this.href)! });
  };
  try {
    start();
    return await until(() => saved[0], 'the download', limitMs);
  } finally {
    URL.createObjectURL = realCreate;
    HTMLAnchorElement.prototype.click = realClick;
  }
}
