/**
 * @module
 * How `<house-documents>` arranges a building's documents: by category in a fixed order (the
 * order residents look for them in: estimates first), then by year, newest first; and how it
 * names a document's period and file type.
 */

import type { components } from '../core/api-types.generated.ts';

export const CATEGORIES = ['estimate', 'report', 'repair_plan', 'meeting_protocol', 'other'] as const;
export type DocumentCategory = (typeof CATEGORIES)[number];

/** A building document, as the API document describes it (`GET /premises/{premiseId}/documents`). */
export type HouseDocument = components['schemas']['BuildingDocument'];

export type DocumentList = components['schemas']['BuildingDocumentList'];

export interface CategoryGroup {
  category: DocumentCategory;
  years: Array<{ year: string; documents: HouseDocument[] }>;
}

/** Non-empty categories in the fixed order; years newest first; documents newest first. */
export function groupDocuments(documents: readonly HouseDocument[], only?: DocumentCategory | ''): CategoryGroup[] {
  return CATEGORIES.filter((category) => !only || category === only)
    .map((category) => {
      const inCategory = documents.filter((d) => d.category === category).sort((a, b) => b.date.localeCompare(a.date) || a.title.localeCompare(b.title));
      const years = [...new Set(inCategory.map((d) => d.date.slice(0, 4)))].sort((a, b) => b.localeCompare(a));
      return { category, years: years.map((year) => ({ year, documents: inCategory.filter((d) => d.date.startsWith(year)) })) };
    })
    .filter((group) => group.years.length > 0);
}

export function countByCategory(documents: readonly HouseDocument[]): Record<DocumentCategory, number> {
  const counts = Object.fromEntries(CATEGORIES.map((c) => [c, 0])) as Record<DocumentCategory, number>;
  for (const d of documents) counts[d.category] += 1;
  return counts;
}

/** "2026-Q1" → {kind: 'quarter', year: '2026', quarter: '1'}; "2025" → year; "2026-03" → month. */
export function parsePeriod(period: string | null): { kind: 'quarter' | 'year' | 'month'; year: string; part?: string } | null {
  const match = /^(\d{4})(?:-Q([1-4])|-(0[1-9]|1[0-2]))?$/.exec(period ?? '');
  if (!match) return null;
  if (match[2]) return { kind: 'quarter', year: match[1]!, part: match[2] };
  if (match[3]) return { kind: 'month', year: match[1]!, part: match[3] };
  return { kind: 'year', year: match[1]! };
}

const TYPE_LABELS: Record<string, string> = {
  'application/pdf': 'PDF',
  'image/jpeg': 'JPG',
  'image/png': 'PNG',
  'image/webp': 'WEBP',
  'image/heic': 'HEIC',
  'application/msword': 'DOC',
  'application/vnd.ms-excel': 'XLS',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'DOCX',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'XLSX',
  'application/vnd.oasis.opendocument.text': 'ODT',
  'application/vnd.oasis.opendocument.spreadsheet': 'ODS',
};

/** "PDF", "DOCX", …; else the file name's extension. */
export function fileTypeLabel(file: { fileName: string; contentType: string }): string {
  return TYPE_LABELS[file.contentType] ?? /\.([A-Za-z0-9]{1,8})$/.exec(file.fileName)?.[1]?.toUpperCase() ?? '';
}
