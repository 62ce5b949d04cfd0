// Calls to dashboard-api with the analyst token (dashboard contract, "Web auth"): the
// token arrives once in the URL fragment (#token=…), is kept in sessionStorage for this tab only,
// and is sent as a bearer header on every call. Failures become ApiError with a kind the pages
// turn into a readable message.
import { t } from "./i18n";

const TOKEN_KEY = "welfare-dashboard.token";

/** Moves a token from the URL fragment into sessionStorage and removes it from the address bar. */
export function takeTokenFromFragment(): void {
  const hash = window.location.hash.replace(/^#/, "");
  const [route = "", query = ""] = hash.includes("?") ? hash.split("?", 2) : hash.startsWith("token=") ? ["", hash] : [hash, ""];
  const params = new URLSearchParams(query);
  const token = params.get("token");
  if (!token) return;
  sessionStorage.setItem(TOKEN_KEY, token);
  params.delete("token");
  const rest = params.toString();
  const cleaned = `#${route || "/targeted"}${rest ? `?${rest}` : ""}`;
  history.replaceState(null, "", `${window.location.pathname}${window.location.search}${cleaned}`);
}

export function token(): string | null {
  return sessionStorage.getItem(TOKEN_KEY);
}

export type ApiErrorKind = "no-token" | "unauthorized" | "forbidden" | "not-found" | "server" | "unreachable" | "bad-response";

export class ApiError extends Error {
  constructor(
    readonly kind: ApiErrorKind,
    readonly path: string,
    readonly status = 0,
    /** The problem details' title and detail, when the server sent them (RFC 9457). */
    readonly problem: { title?: string; detail?: string } = {},
  ) {
    super(`${kind} ${status} ${path}`);
  }

  /** The message shown to people, in the current language. */
  describe(): string {
    const path = this.path.split("?")[0] ?? this.path;
    switch (this.kind) {
      case "no-token":
        return t("errNoToken");
      case "unauthorized":
        return t("errUnauthorized");
      case "forbidden":
        return t("errForbidden");
      case "not-found":
        // A 404 of an existing endpoint ("No timeliness report yet") says why; a missing route only says "Not Found".
        if (this.problem.title && this.problem.title !== "Not Found") {
          return t("errNoDataYet", { path, reason: [this.problem.title, this.problem.detail].filter(Boolean).join(": ") });
        }
        return t("errNotFound", { path });
      case "server":
        return t("errServer", { path, status: this.status });
      case "unreachable":
        return t("errUnreachable", { path });
      case "bad-response":
        return t("errBadResponse", { path });
    }
  }
}

export function errorFor(status: number, path: string, problem: { title?: string; detail?: string } = {}): ApiError {
  if (status === 401) return new ApiError("unauthorized", path, status, problem);
  if (status === 403) return new ApiError("forbidden", path, status, problem);
  if (status === 404) return new ApiError("not-found", path, status, problem);
  return new ApiError(status >= 500 ? "server" : "bad-response", path, status, problem);
}

async function problemOf(response: Response): Promise<{ title?: string; detail?: string }> {
  try {
    const body = (await response.json()) as { title?: unknown; detail?: unknown };
    return { title: typeof body.title === "string" ? body.title : undefined, detail: typeof body.detail === "string" ? body.detail : undefined };
  } catch {
    return {};
  }
}

export function authHeaders(accept: string): HeadersInit {
  const bearer = token();
  if (!bearer) throw new ApiError("no-token", "");
  return { Authorization: `Bearer ${bearer}`, Accept: accept };
}

export async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  const headers = authHeaders("application/json");
  let response: Response;
  try {
    response = await fetch(path, { headers, signal, cache: "no-store" });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new ApiError("unreachable", path);
  }
  if (!response.ok) throw errorFor(response.status, path, await problemOf(response));
  try {
    return (await response.json()) as T;
  } catch {
    throw new ApiError("bad-response", path, response.status);
  }
}

// ---------------------------------------------------------------------------
// Shapes of the answers (dashboard contract)

export interface Counts {
  registrants: number | null;
  holders: number | null;
  eligible: number | null;
  ineligible: number | null;
  unknown: number | null;
  ineligibleByCriterion: Record<string, number | null>;
  inclusionErrors: number | null;
  exclusionErrors: number | null;
  staleEvidenceShare?: number | null;
  suppressed: string[];
}

export interface ProvinceCounts extends Counts {
  code: string;
}

export interface TargetedSummary {
  ruleset: string;
  asOf: string | null;
  k: number;
  national: Counts;
  provinces: ProvinceCounts[];
}

export interface SeriesDay {
  date: string;
  newCases: number | null;
  newDeaths: number | null;
  disasterDeclarations: number;
  paymentsBaht: number | null;
  casesPer100k: number | null;
  paymentsPerCapita: number | null;
}

export interface ProvinceSeries {
  code: string;
  nameTh: string;
  nameEn: string;
  population: number;
  from: string;
  to: string;
  days: SeriesDay[];
}

export type LagStatus = "responded" | "no-uplift-yet" | "no-crisis";

export interface ProvinceLag {
  code: string;
  nameEn: string;
  nameTh: string;
  status: LagStatus;
  onset: string | null;
  upliftOn: string | null;
  lagDays: number | null;
  daysSinceOnset: number | null;
  rank: number | null;
}

export interface Lags {
  asOf: string | null;
  national: { provincesInCrisis: number; responded: number; noUpliftYet: number; noCrisis: number; medianLagDays: number | null };
  provinces: ProvinceLag[];
}

export interface SourceFreshness {
  source: string;
  kind: string;
  lastAsOf: string | null;
  cadenceDays: number | null;
  stale: boolean;
  lastReceivedAt: string | null;
}

export interface Freshness {
  today: string;
  sources: SourceFreshness[];
}

/** Ineligible ÷ (eligible + ineligible); null when either is withheld or both are zero. */
export function ineligibleShare(counts: Counts): number | null {
  if (counts.eligible == null || counts.ineligible == null) return null;
  const decided = counts.eligible + counts.ineligible;
  return decided === 0 ? null : counts.ineligible / decided;
}
