/**
 * @module
 * Saving a file the API sent. Downloads need the bearer token, which a plain `<a href>` cannot
 * carry, so a widget fetches the file through the API client and hands the browser a Blob to save
 * under the name from `Content-Disposition`.
 */

/** The file name from `Content-Disposition` (`filename*` first, RFC 5987), else `fallback`. */
export function fileNameFromDisposition(header: string | null, fallback: string): string {
  if (!header) return fallback;
  const extended = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(header)?.[1];
  if (extended) {
    try {
      return decodeURIComponent(extended.trim());
    } catch {
      // a broken encoding: fall through to the plain name
    }
  }
  const plain = /filename\s*=\s*"([^"]*)"/i.exec(header)?.[1] ?? /filename\s*=\s*([^;]+)/i.exec(header)?.[1];
  return plain?.trim() || fallback;
}

/** Lets the browser save the response's body as a file. */
export async function saveResponse(response: Response, fallbackName: string): Promise<{ fileName: string; blob: Blob }> {
  const fileName = fileNameFromDisposition(response.headers.get('Content-Disposition'), fallbackName);
  const blob = await response.blob();
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  // Revoking at once can cancel the download in some browsers; a minute is plenty.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return { fileName, blob };
}
