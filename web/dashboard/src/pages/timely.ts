// Timely: one province's daily Covid-19 cases, disaster declaration days and welfare payments on
// one time axis, and the lag table (days from a crisis's onset to the uplift of payments).
import { getJson, type Lags, type LagStatus, type ProvinceSeries } from "../api";
import { drawChart, PALETTE } from "../chart";
import { clear, h } from "../dom";
import { formatCompact, formatDate, formatInt, formatNumber, t, type Key } from "../i18n";
import { PROVINCES, provinceByCode } from "../provinces";
import { errorBox, kpiCard, loadingBox, type Page } from "./page";
import { provinceName } from "./targeted";

const LAGS_PATH = "/api/timely/lags";
const STATUS_LABEL: Record<LagStatus, Key> = { responded: "statusResponded", "no-uplift-yet": "statusNoUpliftYet", "no-crisis": "statusNoCrisis" };

export interface TimelyState {
  code: string;
  from: string;
  to: string;
}

// The demo data covers the 2021 Covid-19 waves; a wider range can be typed in.
export const DEFAULT_TIMELY: TimelyState = { code: "10", from: "2021-03-01", to: "2021-12-31" };

type Result<T> = { ok: true; data: T } | { ok: false; error: unknown };
type Loaded<T> = Result<T> | null;

export class TimelyPage implements Page {
  readonly readModels = ["timely"] as const;
  private series: Loaded<ProvinceSeries> = null;
  private lags: Loaded<Lags> = null;
  private disposers: Array<() => void> = [];
  private controller = new AbortController();

  constructor(
    private readonly root: HTMLElement,
    private state: TimelyState,
    private readonly navigate: (state: TimelyState) => void,
  ) {
    clear(root);
    root.append(loadingBox());
  }

  async refresh(): Promise<boolean> {
    const { code, from, to } = this.state;
    const seriesPath = `/api/timely/provinces/${encodeURIComponent(code)}/series?from=${from}&to=${to}`;
    const [series, lags] = await Promise.all([load(getJson<ProvinceSeries>(seriesPath, this.controller.signal)), load(getJson<Lags>(LAGS_PATH, this.controller.signal))]);
    if (this.controller.signal.aborted) return false;
    this.series = series;
    this.lags = lags;
    this.render();
    return series.ok && lags.ok;
  }

  dispose(): void {
    this.controller.abort();
    this.disposeCharts();
  }

  private disposeCharts(): void {
    for (const dispose of this.disposers) dispose();
    this.disposers = [];
  }

  render(): void {
    this.disposeCharts();
    clear(this.root);
    this.root.append(h("header", { class: "page-head" }, h("h1", {}, t("timelyTitle"))), this.picker());
    const seriesSection = h("section", { class: "card", "aria-labelledby": "series-title" });
    this.root.append(seriesSection, this.lagSection());
    this.renderSeries(seriesSection);
  }

  private picker(): HTMLElement {
    const select = h("select", { id: "province-picker", name: "code" });
    const sorted = [...PROVINCES].sort((a, b) => provinceName(a, a.code).localeCompare(provinceName(b, b.code)));
    for (const p of sorted) {
      const option = h("option", { value: p.code }, provinceName(p, p.code));
      option.selected = p.code === this.state.code;
      select.append(option);
    }
    const from = h("input", { type: "date", id: "from-date", name: "from", value: this.state.from, required: true });
    const to = h("input", { type: "date", id: "to-date", name: "to", value: this.state.to, required: true });
    // No navigation on "change": arrow keys on a closed <select> fire it on every step. "Show" applies.
    return h(
      "form",
      {
        class: "picker",
        onsubmit: (event: Event) => {
          event.preventDefault();
          this.navigate({ code: select.value, from: from.value, to: to.value });
        },
      },
      h("label", { for: "province-picker" }, t("provincePicker")),
      select,
      h("label", { for: "from-date" }, t("fromDate")),
      from,
      h("label", { for: "to-date" }, t("toDate")),
      to,
      h("button", { type: "submit", class: "button primary" }, t("show")),
    );
  }

  private renderSeries(section: HTMLElement): void {
    const province = provinceByCode(this.state.code);
    const name = provinceName(province, this.state.code);
    section.append(h("h2", { id: "series-title" }, t("seriesTitle", { name })));
    if (!this.series || !this.series.ok) {
      section.append(errorBox(this.series?.error, () => void this.refresh()));
      return;
    }
    const s = this.series.data;
    const sum = (pick: (d: (typeof s.days)[number]) => number | null) => s.days.reduce((total, d) => total + (pick(d) ?? 0), 0);
    const disasterDays = s.days.filter((d) => d.disasterDeclarations > 0).length;
    section.append(
      h("p", { class: "hint", "data-testid": "series-summary" }, `${t("seriesPopulation", { population: formatInt(s.population) })} · ${t("seriesSummary", {
        days: formatInt(s.days.length),
        cases: formatInt(sum((d) => d.newCases)),
        disasterDays: formatInt(disasterDays),
        payments: formatInt(sum((d) => d.paymentsBaht)),
      })}`),
    );
    const chart = h("div", { class: "chart chart-series", "data-testid": "series-chart", role: "img", "aria-label": t("seriesLabel", { name }) });
    section.append(chart, this.seriesTable(s));
    const dates = s.days.map((d) => d.date);
    this.disposers.push(
      drawChart(chart, {
        legend: { top: 0, textStyle: { color: PALETTE.ink }, data: [{ name: t("seriesDisaster"), icon: "rect" }, t("seriesCases"), t("seriesPayments")] },
        grid: { left: 8, right: 8, top: 40, bottom: 56, containLabel: true },
        tooltip: {
          trigger: "axis",
          valueFormatter: (v: unknown) => (typeof v === "number" ? formatInt(v) : "—"),
        },
        dataZoom: [{ type: "inside" }, { type: "slider", height: 18, bottom: 8 }],
        xAxis: { type: "category", data: dates, axisLabel: { color: PALETTE.muted, formatter: (v: string) => formatDate(v) }, boundaryGap: true },
        yAxis: [
          { type: "value", name: t("axisCases"), nameTextStyle: { color: PALETTE.muted }, axisLabel: { color: PALETTE.muted, formatter: (v: number) => formatInt(v) }, splitLine: { lineStyle: { color: PALETTE.grid } } },
          { type: "value", name: t("axisPayments"), nameTextStyle: { color: PALETTE.muted }, axisLabel: { color: PALETTE.muted, formatter: (v: number) => formatCompact(v) }, splitLine: { show: false } },
        ],
        series: [
          {
            // Days with a disaster declaration as shaded bands (consecutive days merged), behind the bars;
            // an empty series so that the legend can show and hide them.
            name: t("seriesDisaster"),
            type: "line",
            data: [],
            itemStyle: { color: "#f4a5a5" },
            markArea: { silent: true, itemStyle: { color: PALETTE.disaster }, data: disasterBands(s.days) },
            z: 1,
          },
          { name: t("seriesCases"), type: "bar", yAxisIndex: 0, data: s.days.map((d) => d.newCases), itemStyle: { color: PALETTE.primary }, z: 2 },
          { name: t("seriesPayments"), type: "line", yAxisIndex: 1, data: weeklyTotals(s.days.map((d) => d.paymentsBaht)), showSymbol: false, lineStyle: { width: 2, color: PALETTE.payments }, itemStyle: { color: PALETTE.payments }, z: 3 },
        ],
      }),
    );
  }

  private seriesTable(s: ProvinceSeries): HTMLElement {
    const value = (v: number | null, digits = 0) => (v == null ? "—" : digits ? formatNumber(v, digits) : formatInt(v));
    return h(
      "details",
      { class: "chart-data" },
      h("summary", {}, t("showChartData")),
      h(
        "div",
        { class: "table-wrap tall" },
        h(
          "table",
          { class: "data-table", "data-testid": "series-table" },
          h("caption", {}, t("chartDataCaption")),
          h(
            "thead",
            {},
            h(
              "tr",
              {},
              ...(["colDate", "seriesCases", "seriesDeaths", "seriesDisaster", "seriesPayments", "seriesCasesPer100k", "seriesPaymentsPerCapita"] as Key[]).map((k, i) =>
                h("th", { scope: "col", class: i ? "num" : undefined }, t(k)),
              ),
            ),
          ),
          h(
            "tbody",
            {},
            ...s.days.map((d) =>
              h(
                "tr",
                { "data-date": d.date },
                h("th", { scope: "row" }, formatDate(d.date)),
                h("td", { class: "num", "data-field": "newCases" }, value(d.newCases)),
                h("td", { class: "num" }, value(d.newDeaths)),
                h("td", { class: "num", "data-field": "disasterDeclarations" }, formatInt(d.disasterDeclarations)),
                h("td", { class: "num", "data-field": "paymentsBaht" }, value(d.paymentsBaht)),
                h("td", { class: "num" }, value(d.casesPer100k, 1)),
                h("td", { class: "num" }, value(d.paymentsPerCapita, 2)),
              ),
            ),
          ),
        ),
      ),
    );
  }

  private lagSection(): HTMLElement {
    const section = h("section", { class: "card", "aria-labelledby": "lags-title" }, h("h2", { id: "lags-title" }, t("lagsTitle")));
    if (!this.lags || !this.lags.ok) {
      section.append(errorBox(this.lags?.error, () => void this.refresh()));
      return section;
    }
    const l = this.lags.data;
    const n = l.national;
    section.append(
      h(
        "div",
        { class: "kpis kpis-small" },
        kpiCard(t("kpiInCrisis"), formatInt(n.provincesInCrisis), { field: "provincesInCrisis", tone: "warn" }),
        kpiCard(t("kpiResponded"), formatInt(n.responded), { field: "responded", tone: "good" }),
        kpiCard(t("kpiNoUpliftYet"), formatInt(n.noUpliftYet), { field: "noUpliftYet", tone: "bad" }),
        kpiCard(t("kpiMedianLag"), n.medianLagDays == null ? "—" : formatNumber(n.medianLagDays, 1), { field: "medianLagDays" }),
      ),
      h("p", { class: "hint" }, l.asOf ? t("asOf", { date: formatDate(l.asOf) }) : ""),
    );
    // In crisis first (longest wait first), then the rest by name.
    const order: Record<LagStatus, number> = { "no-uplift-yet": 0, responded: 1, "no-crisis": 2 };
    const rows = [...l.provinces].sort((a, b) => order[a.status] - order[b.status] || (b.lagDays ?? b.daysSinceOnset ?? 0) - (a.lagDays ?? a.daysSinceOnset ?? 0) || a.code.localeCompare(b.code));
    const date = (v: string | null) => (v ? formatDate(v) : "—");
    const int = (v: number | null) => (v == null ? "—" : formatInt(v));
    section.append(
      h(
        "div",
        { class: "table-wrap tall" },
        h(
          "table",
          { class: "data-table", "data-testid": "lag-table" },
          h("caption", {}, t("lagsCaption")),
          h(
            "thead",
            {},
            h(
              "tr",
              {},
              ...(["colProvince", "colStatus", "colOnset", "colUplift", "colLag", "colSinceOnset", "colRank"] as Key[]).map((k, i) => h("th", { scope: "col", class: i >= 4 ? "num" : undefined }, t(k))),
            ),
          ),
          h(
            "tbody",
            {},
            ...rows.map((p) => {
              const name = provinceName(provinceByCode(p.code), p.code);
              return h(
                "tr",
                { "data-code": p.code, class: p.code === this.state.code ? "selected" : undefined },
                h("th", { scope: "row" }, h("button", { type: "button", class: "link", "aria-label": t("selectProvinceRow", { name }), onclick: () => this.navigate({ ...this.state, code: p.code }) }, name)),
                h("td", {}, h("span", { class: `badge badge-${p.status}` }, t(STATUS_LABEL[p.status] ?? "statusNoCrisis"))),
                h("td", {}, date(p.onset)),
                h("td", {}, date(p.upliftOn)),
                h("td", { class: "num", "data-field": "lagDays" }, int(p.lagDays)),
                h("td", { class: "num" }, int(p.daysSinceOnset)),
                h("td", { class: "num" }, int(p.rank)),
              );
            }),
          ),
        ),
      ),
    );
    return section;
  }
}

async function load<T>(promise: Promise<T>): Promise<Result<T>> {
  try {
    return { ok: true, data: await promise };
  } catch (error) {
    return { ok: false, error };
  }
}

/** [start, end] pairs of consecutive days with at least one disaster declaration. */
function disasterBands(days: ProvinceSeries["days"]): Array<[{ xAxis: string }, { xAxis: string }]> {
  const bands: Array<[{ xAxis: string }, { xAxis: string }]> = [];
  let start: string | null = null;
  days.forEach((day, i) => {
    if (day.disasterDeclarations > 0 && start === null) start = day.date;
    const next = days[i + 1];
    if (start !== null && (!next || next.disasterDeclarations === 0)) {
      bands.push([{ xAxis: start }, { xAxis: day.date }]);
      start = null;
    }
  });
  return bands;
}

/**
 * Payments arrive on a few days a month (allowance on the 1st, top-ups on the 15th): a daily line
 * is isolated spikes between empty days. The 7-day total, as the timeliness analysis uses, shows
 * the level and its uplift. A day without payments counts as 0 baht.
 */
export function weeklyTotals(daily: (number | null)[]): number[] {
  return daily.map((_, i) => daily.slice(Math.max(0, i - 6), i + 1).reduce<number>((sum, v) => sum + (v ?? 0), 0));
}
