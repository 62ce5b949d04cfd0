// Freshness: every source, its last as-of date and whether it is stale.
import { getJson, type Freshness } from "../api";
import { clear, h } from "../dom";
import { formatDate, formatDateTime, formatInt, t, type Key } from "../i18n";
import { errorBox, kpiCard, loadingBox, type Page } from "./page";

const FRESHNESS_PATH = "/api/freshness";
const KIND_LABEL: Record<string, Key> = {
  registrations: "kindRegistrations",
  evidence: "kindEvidence",
  payments: "kindPayments",
  "covid-cases": "kindCovidCases",
  disasters: "kindDisasters",
};

export class FreshnessPage implements Page {
  readonly readModels = ["freshness"] as const;
  private data: Freshness | null = null;
  private error: unknown = null;
  private controller = new AbortController();

  constructor(private readonly root: HTMLElement) {
    clear(root);
    root.append(loadingBox());
  }

  async refresh(): Promise<boolean> {
    try {
      this.data = await getJson<Freshness>(FRESHNESS_PATH, this.controller.signal);
      this.error = null;
    } catch (error) {
      if (this.controller.signal.aborted) return false;
      this.error = error;
    }
    this.render();
    return this.error === null;
  }

  dispose(): void {
    this.controller.abort();
  }

  render(): void {
    clear(this.root);
    const head = h("header", { class: "page-head" }, h("h1", {}, t("freshnessTitle")));
    this.root.append(head);
    if (this.error !== null || !this.data) {
      this.root.append(errorBox(this.error, () => void this.refresh()));
      return;
    }
    const d = this.data;
    head.append(h("p", { class: "intro" }, t("freshnessIntro", { today: formatDate(d.today) })));
    const stale = d.sources.filter((s) => s.stale).length;
    this.root.append(
      h(
        "section",
        { class: "kpis kpis-small", "aria-label": t("freshnessSummary", { stale, total: d.sources.length }) },
        kpiCard(t("kpiSources"), formatInt(d.sources.length), { field: "sources" }),
        kpiCard(t("stale"), formatInt(stale), { field: "stale", tone: stale ? "bad" : "good" }),
        kpiCard(t("fresh"), formatInt(d.sources.length - stale), { field: "fresh", tone: "good" }),
      ),
    );
    const section = h("section", { class: "card", "aria-labelledby": "sources-title" }, h("h2", { id: "sources-title" }, t("freshnessSummary", { stale, total: d.sources.length })));
    if (d.sources.length === 0) {
      section.append(h("p", { class: "message" }, t("noSources")));
      this.root.append(section);
      return;
    }
    // Stale first, then by kind and source.
    const rows = [...d.sources].sort((a, b) => Number(b.stale) - Number(a.stale) || a.kind.localeCompare(b.kind) || a.source.localeCompare(b.source));
    section.append(
      h(
        "div",
        { class: "table-wrap" },
        h(
          "table",
          { class: "data-table", "data-testid": "freshness-table" },
          h("caption", {}, t("freshnessCaption")),
          h(
            "thead",
            {},
            h("tr", {}, ...(["colSource", "colKind", "colLastAsOf", "colAge", "colCadence", "colReceived", "colStatus"] as Key[]).map((k, i) => h("th", { scope: "col", class: i === 3 || i === 4 ? "num" : undefined }, t(k)))),
          ),
          h(
            "tbody",
            {},
            ...rows.map((s) =>
              h(
                "tr",
                { "data-source": s.source, "data-kind": s.kind },
                h("th", { scope: "row" }, s.source),
                h("td", {}, KIND_LABEL[s.kind] ? t(KIND_LABEL[s.kind]!) : s.kind),
                h("td", { "data-field": "lastAsOf" }, s.lastAsOf ? formatDate(s.lastAsOf) : "—"),
                h("td", { class: "num", "data-field": "ageDays" }, s.lastAsOf ? formatInt(daysBetween(s.lastAsOf, d.today)) : "—"),
                h("td", { class: "num" }, s.cadenceDays == null ? "—" : formatInt(s.cadenceDays)),
                h("td", {}, s.lastReceivedAt ? formatDateTime(s.lastReceivedAt) : "—"),
                h("td", { "data-field": "stale" }, h("span", { class: `badge ${s.stale ? "badge-stale" : "badge-fresh"}` }, s.stale ? t("stale") : t("fresh"))),
              ),
            ),
          ),
        ),
      ),
    );
    this.root.append(section);
  }
}

/** Whole days from one yyyy-mm-dd date to another. */
function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}
