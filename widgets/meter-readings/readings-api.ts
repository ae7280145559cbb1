/**
 * @module
 * The reading routes as the widgets see them: response types and one function per call, all
 * through the core `ApiClient` (so auth, `X-Doorstep-Now` and errors work as everywhere else).
 * `<consumption-history>` uses it too.
 */
import type { ApiClient } from '../core/api-client.ts';

export type MeterKind = 'cold_water' | 'hot_water' | 'heat' | 'electricity' | 'gas';

export interface ReadingWindow {
  open: boolean;
  /** Where readings go now, or the next window's period when closed ('YYYY-MM'). */
  period: string;
  opensAt: string;
  closesAt: string;
  /** 'YYYY-MM-DD', the first and last local day: "no 30.05.2026 līdz 01.06.2026". */
  firstDay: string;
  lastDay: string;
  source: 'rule' | 'override';
}

export interface ReadingSummary {
  period: string;
  value: string;
  version: number;
  date: string;
  submittedAt: string;
  source: 'resident' | 'manager' | 'import';
}

export interface Meter {
  id: string;
  kind: MeterKind;
  location: string;
  serialNumber: string;
  unit: string;
  decimals: number;
  lastReading: ReadingSummary | null;
  previousReading: ReadingSummary | null;
  periodReading: (ReadingSummary & { consumption: string | null }) | null;
  verificationDue: string | null;
  verification: 'unknown' | 'valid' | 'due_soon' | 'expired';
  accepting: boolean;
  refusal: 'reading_window_closed' | 'meter_verification_expired' | 'forbidden' | null;
  window: ReadingWindow;
}

export interface MetersResponse {
  premiseId: string;
  window: ReadingWindow;
  canSubmit: boolean;
  verificationReminderDays: number;
  meters: Meter[];
}

export interface SubmittedReading {
  reading: { id: string; meterId: string; period: string; value: string; version: number; submittedAt: string; submittedBy: { id: string; name: string } | null };
  previousReading: { period: string | null; value: string } | null;
  consumption: string | null;
  corrected: boolean;
  unchanged: boolean;
}

export interface HistoryPeriod {
  period: string;
  value: string;
  consumption: string | null;
  months: number | null;
  submittedAt: string;
  source: 'resident' | 'manager' | 'import';
}

export interface HistoryResponse {
  meter: Pick<Meter, 'id' | 'kind' | 'location' | 'serialNumber' | 'unit' | 'decimals'>;
  from: string;
  to: string;
  periods: HistoryPeriod[];
}

const premisePath = (premiseId: string) => `/premises/${encodeURIComponent(premiseId)}/meters`;

export function fetchMeters(client: ApiClient, premiseId: string, signal?: AbortSignal): Promise<MetersResponse> {
  return client.get<MetersResponse>(premisePath(premiseId), signal ? { signal } : {});
}

export function submitReading(client: ApiClient, premiseId: string, meterId: string, value: string, confirm: boolean): Promise<SubmittedReading> {
  return client.post<SubmittedReading>(`${premisePath(premiseId)}/${encodeURIComponent(meterId)}/readings`, { value, confirm });
}

export function fetchHistory(client: ApiClient, premiseId: string, meterId: string, range: { from: string; to: string }, signal?: AbortSignal) {
  const query = `?from=${encodeURIComponent(range.from)}&to=${encodeURIComponent(range.to)}`;
  return client.get<HistoryResponse>(`${premisePath(premiseId)}/${encodeURIComponent(meterId)}/readings${query}`, signal ? { signal } : {});
}
