import { ApiError } from "../api";
import { h } from "../dom";
import { t } from "../i18n";

/** A page of the dashboard, mounted into <main>. */
export interface Page {
  /** Read models whose `changed` events make this page refetch. */
  readonly readModels: readonly string[];
  /** Fetches the page's data and draws it; resolves true when fresh data was drawn. */
  refresh(): Promise<boolean>;
  /** Draws again from the data already fetched (after a language switch). */
  render(): void;
  dispose(): void;
}

/** The message box shown in place of a section whose data could not be fetched. */
export function errorBox(error: unknown, onRetry?: () => void): HTMLElement {
  const message = error instanceof ApiError ? error.describe() : t("errBadResponse", { path: "" });
  return h(
    "div",
    { class: "message error", role: "alert", "data-error-kind": error instanceof ApiError ? error.kind : "unknown" },
    h("p", {}, message),
    onRetry ? h("button", { type: "button", class: "button", onclick: () => onRetry() }, t("retry")) : null,
  );
}

export function loadingBox(): HTMLElement {
  return h("p", { class: "message loading", role: "status" }, t("loading"));
}

/** A figure for a KPI card, with its label; `value` null means withheld or not known. */
export function kpiCard(label: string, value: string, options: { hint?: string; field?: string; tone?: string; title?: string } = {}): HTMLElement {
  return h(
    "div",
    { class: `kpi${options.tone ? ` kpi-${options.tone}` : ""}`, "data-field": options.field, title: options.title },
    h("div", { class: "kpi-value" }, value),
    h("div", { class: "kpi-label" }, label),
    options.hint ? h("div", { class: "kpi-hint" }, options.hint) : null,
  );
}
