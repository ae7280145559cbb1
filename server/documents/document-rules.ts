/**
 * @module
 * The rulebook of the building's documents ("Mājas lieta", "Dokumenti"), free of HTTP and SQL:
 * - documents belong to a building, and reach owners and proxies of a premise in it (members see
 *   none: the rights module says so);
 * - a document shows from its publish time;
 * - a document the manager marked as sensitive opens only in a session that logged in strongly
 *   (bank, eParaksts, Smart-ID), as at Ogres Namsaimnieks, where "Mājas lieta" appears only then.
 */
import type { DocumentCategory } from '../db/types.ts';

export const DOCUMENT_CATEGORIES: readonly DocumentCategory[] = ['estimate', 'report', 'repair_plan', 'meeting_protocol', 'other'];

export type AuthLevel = 'basic' | 'strong';

export function isDocumentPublished(document: { publishAt: Date }, now: Date): boolean {
  return document.publishAt.getTime() <= now.getTime();
}

/** May this session open (download) the document? Listing it is a separate question. */
export function mayOpenDocument(document: { requiresStrongAuth: boolean }, authLevel: AuthLevel): boolean {
  return !document.requiresStrongAuth || authLevel === 'strong';
}

/** "2026-Q1" (a quarter), "2025" (a year) or "2026-03" (a month), as reports are labelled. */
export const DOCUMENT_PERIOD = /^\d{4}(-Q[1-4]|-(0[1-9]|1[0-2]))?$/;
