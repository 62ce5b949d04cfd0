// Targeted: national figures, a tile map of the 77 provinces coloured by ineligible share, the
// failed criteria of the country or of a selected province, and the province table.
import { getJson, ineligibleShare, type Counts, type ProvinceCounts, type TargetedSummary } from "../api";
import { drawChart, PALETTE } from "../chart";
import { clear, h } from "../dom";
import { criterionLabel, formatDate, formatInt, formatPercent, lang, t, type Key } from "../i18n";
import { GRID_COLS, GRID_ROWS, PROVINCES, provinceByCode, type Province } from "../provinces";
import { errorBox, kpiCard, loadingBox, type Page } from "./page";

const SUMMARY_PATH = "/api/targeted/summary";
// Oranges, light to dark: more ineligible people, darker tile.
const CLASS_COLOURS = ["#fff1e0", "#fdd0a2", "#fdae6b", "#e8590c", "#9c3106"];

type Column = { key: string; label: Key; value: (p: ProvinceCounts) => number | null; format: (v: number) => string; withheldField?: string };

const COLUMNS: Column[] = [
  { key: "registrants", label: "kpiRegistrants", value: (p) => p.registrants, format: formatInt, withheldField: "registrants" },
  { key: "holders", label: "kpiHolders", value: (p) => p.holders, format: formatInt, withheldField: "holders" },
  { key: "eligible", label: "kpiEligible", value: (p) => p.eligible, format: formatInt, withheldField: "eligible" },
  { key: "ineligible", label: "kpiIneligible", value: (p) => p.ineligible, format: formatInt, withheldField: "ineligible" },
  { key: "ineligibleShare", label: "kpiIneligibleShare", value: ineligibleShare, format: (v) => formatPercent(v) },
  { key: "unknown", label: "kpiUnknown", value: (p) => p.unknown, format: formatInt, withheldField: "unknown" },
  { key: "inclusionErrors", label: "kpiInclusionErrors", value: (p) => p.inclusionErrors, format: formatInt, withheldField: "inclusionErrors" },
  { key: "exclusionErrors", label: "kpiExclusionErrors", value: (p) => p.exclusionErrors, format: formatInt, withheldField: "exclusionErrors" },
  { key: "staleEvidenceShare", label: "kpiStaleShare", value: (p) => p.staleEvidenceShare ?? null, format: (v) => formatPercent(v), withheldField: "staleEvidenceShare" },
];

export function provinceName(province: Province | undefined, code: string): string {
  if (!province) return code;
  return lang() === "th" ? province.nameTh : province.nameEn;
}

/** Class breaks: five equal steps of a round width spanning the provinces' shares. */
export function classBreaks(shares: number[]): number[] {
  if (shares.length === 0) return [];
  const min = Math.min(...shares) * 100;
  const max = Math.max(...shares) * 100;
  const steps = [0.5, 1, 2, 2.5, 5, 10, 20];
  const step = steps.find((s) => Math.floor(min / s) * s + 5 * s >= max) ?? 20;
  const low = Math.floor(min / step) * step;
  return Array.from({ length: 6 }, (_, i) => Math.min(100, low + i * step) / 100);
}

function classOf(share: number, breaks: number[]): number {
  for (let i = 1; i < breaks.length - 1; i++) if (share < breaks[i]!) return i - 1;
  return CLASS_COLOURS.length - 1;
}

export class TargetedPage implements Page {
  readonly readModels = ["targeted"] as const;
  private summary: TargetedSummary | null = null;
  private error: unknown = null;
  private selected: string | null = null;
  private sortKey = "code";
  private sortDescending = false;
  private disposers: Array<() => void> = [];
  private controller = new AbortController();

  constructor(private readonly root: HTMLElement) {
    clear(root);
    root.append(loadingBox());
  }

  async refresh(): Promise<boolean> {
    try {
      this.summary = await getJson<TargetedSummary>(SUMMARY_PATH, this.controller.signal);
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
    this.disposeCharts();
  }

  private disposeCharts(): void {
    for (const dispose of this.disposers) dispose();
    this.disposers = [];
  }

  render(): void {
    this.disposeCharts();
    clear(this.root);
    const head = h("header", { class: "page-head" }, h("h1", {}, t("targetedTitle")));
    this.root.append(head);
    if (this.error !== null || !this.summary) {
      this.root.append(errorBox(this.error, () => void this.refresh()));
      return;
    }
    const s = this.summary;
    head.append(h("p", { class: "intro", "data-testid": "targeted-intro" }, t("targetedIntro", { ruleset: s.ruleset, asOf: s.asOf ? formatDate(s.asOf) : "—", k: s.k })));
    this.root.append(this.kpis(s.national, s.k));
    const criteria = h("section", { class: "card", "aria-labelledby": "criteria-title" });
    const ranking = h("section", { class: "card", "aria-labelledby": "ranking-title" });
    this.root.append(h("div", { class: "two-columns" }, this.map(s), h("div", { class: "stack" }, criteria, ranking)), this.table(s));
    this.renderCriteria(criteria);
    this.renderRanking(ranking);
  }

  private withheldText(k: number): string {
    return t("withheld", { k });
  }

  private kpis(n: Counts, k: number): HTMLElement {
    const value = (v: number | null | undefined, format: (v: number) => string = formatInt) => (v == null ? "—" : format(v));
    const title = (field: string) => (n.suppressed.includes(field) ? this.withheldText(k) : undefined);
    const share = ineligibleShare(n);
    return h(
      "section",
      { class: "kpis", "aria-label": t("national") },
      kpiCard(t("kpiRegistrants"), value(n.registrants), { field: "registrants", title: title("registrants") }),
      kpiCard(t("kpiHolders"), value(n.holders), { field: "holders", title: title("holders") }),
      kpiCard(t("kpiEligible"), value(n.eligible), { field: "eligible", tone: "good", title: title("eligible") }),
      kpiCard(t("kpiIneligible"), value(n.ineligible), { field: "ineligible", tone: "warn", title: title("ineligible") }),
      kpiCard(t("kpiIneligibleShare"), share == null ? "—" : formatPercent(share), { field: "ineligibleShare", tone: "warn" }),
      kpiCard(t("kpiUnknown"), value(n.unknown), { field: "unknown", title: title("unknown") }),
      kpiCard(t("kpiInclusionErrors"), value(n.inclusionErrors), { field: "inclusionErrors", hint: t("kpiInclusionHint"), tone: "bad", title: title("inclusionErrors") }),
      kpiCard(t("kpiExclusionErrors"), value(n.exclusionErrors), { field: "exclusionErrors", hint: t("kpiExclusionHint"), tone: "bad", title: title("exclusionErrors") }),
      // Older dashboard-api builds do not send the stale-evidence share at all: then it is left out.
      n.staleEvidenceShare === undefined ? null : kpiCard(t("kpiStaleShare"), value(n.staleEvidenceShare, (v) => formatPercent(v)), { field: "staleEvidenceShare" }),
    );
  }

  private map(s: TargetedSummary): HTMLElement {
    const counts = new Map(s.provinces.map((p) => [p.code, p]));
    const shares = s.provinces.map(ineligibleShare).filter((v): v is number => v != null);
    const breaks = classBreaks(shares);
    const grid = h("div", {
      class: "tilemap",
      role: "group",
      "aria-label": t("mapLabel"),
      "data-testid": "tilemap",
      style: `grid-template-columns: repeat(${GRID_COLS}, var(--tile)); grid-template-rows: repeat(${GRID_ROWS}, var(--tile));`,
    });
    const focusCode = this.selected ?? "10";
    for (const province of PROVINCES) {
      const c = counts.get(province.code);
      const share = c ? ineligibleShare(c) : null;
      const withheld = c != null && (c.suppressed.includes("eligible") || c.suppressed.includes("ineligible"));
      const name = provinceName(province, province.code);
      const shareText = share != null ? formatPercent(share) : withheld ? this.withheldText(s.k) : t("noData");
      let style = `grid-row: ${province.row + 1}; grid-column: ${province.col + 1};`;
      let state = "no-data";
      if (share != null) {
        const cls = classOf(share, breaks);
        style += ` background: ${CLASS_COLOURS[cls]}; color: ${cls >= 3 ? "#fff" : PALETTE.ink};`;
        state = "value";
      } else if (withheld) {
        state = "withheld";
      }
      const tile = h(
        "button",
        {
          type: "button",
          class: `tile tile-${state}`,
          style,
          "data-code": province.code,
          "data-state": state,
          "data-share": share ?? undefined,
          "aria-label": t("tileLabel", { name, share: shareText }),
          "aria-pressed": this.selected === province.code ? "true" : "false",
          title: `${name} · ${shareText}`,
          tabindex: province.code === focusCode ? 0 : -1,
          onclick: () => this.select(province.code === this.selected ? null : province.code),
          onkeydown: (event: Event) => this.moveFocus(event as KeyboardEvent, province),
        },
        h("span", { class: "tile-abbr", "aria-hidden": "true" }, province.abbr),
        h("span", { class: "tile-value", "aria-hidden": "true" }, share != null ? formatPercent(share, 0) : withheld ? "▨" : "·"),
      );
      grid.append(tile);
    }
    const legend = h("ul", { class: "legend", "aria-label": t("legendTitle") });
    for (let i = 0; i + 1 < breaks.length; i++) {
      const label = `${formatPercent(breaks[i]!, 0)} – ${formatPercent(breaks[i + 1]!, 0)}`;
      legend.append(h("li", {}, h("span", { class: "swatch", style: `background:${CLASS_COLOURS[i]}`, "aria-hidden": "true" }), label));
    }
    legend.append(
      h("li", {}, h("span", { class: "swatch swatch-withheld", "aria-hidden": "true" }), t("legendWithheld", { k: s.k })),
      h("li", {}, h("span", { class: "swatch swatch-none", "aria-hidden": "true" }), t("legendNoData")),
    );
    return h(
      "section",
      { class: "card map-card", "aria-labelledby": "map-title" },
      h("h2", { id: "map-title" }, t("mapTitle")),
      h("p", { class: "hint" }, t("mapHint")),
      h("div", { class: "map-and-legend" }, grid, h("div", { class: "legend-box" }, h("h3", {}, t("legendTitle")), legend)),
    );
  }

  /** Arrow keys move between tiles: to the nearest tile in that direction. */
  private moveFocus(event: KeyboardEvent, from: Province): void {
    const direction = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] }[event.key];
    if (!direction) return;
    event.preventDefault();
    const [dr, dc] = direction as [number, number];
    let best: Province | null = null;
    let bestScore = Infinity;
    for (const p of PROVINCES) {
      const along = (p.row - from.row) * dr + (p.col - from.col) * dc;
      if (along <= 0) continue;
      const across = Math.abs((p.row - from.row) * dc) + Math.abs((p.col - from.col) * dr);
      const score = along + across * 2;
      if (score < bestScore) { bestScore = score; best = p; }
    }
    if (!best) return;
    const tiles = this.root.querySelectorAll<HTMLButtonElement>(".tile");
    tiles.forEach((tile) => (tile.tabIndex = tile.dataset.code === best.code ? 0 : -1));
    this.root.querySelector<HTMLButtonElement>(`.tile[data-code="${best.code}"]`)?.focus();
  }

  private select(code: string | null): void {
    this.selected = code;
    this.render();
    if (code) this.root.querySelector<HTMLButtonElement>(`.tile[data-code="${code}"]`)?.focus();
  }

  private renderCriteria(section: HTMLElement): void {
    const s = this.summary!;
    const area: Counts | undefined = this.selected ? s.provinces.find((p) => p.code === this.selected) : s.national;
    const province = this.selected ? provinceByCode(this.selected) : undefined;
    section.append(
      h("h2", { id: "criteria-title" }, this.selected ? t("criteriaProvince", { name: provinceName(province, this.selected) }) : t("criteriaNational")),
      h("p", { class: "hint" }, t("criteriaHint")),
    );
    if (this.selected) section.append(h("button", { type: "button", class: "button", onclick: () => this.select(null) }, t("showNational")));
    const entries = Object.entries(area?.ineligibleByCriterion ?? {});
    if (entries.length === 0) {
      section.append(h("p", { class: "message" }, t("criteriaNone")));
      return;
    }
    const withheld = (id: string) => area?.suppressed.includes(`ineligibleByCriterion.${id}`) ?? false;
    // Largest first; withheld ones last.
    entries.sort(([, a], [, b]) => (b ?? -1) - (a ?? -1));
    const chart = h("div", { class: "chart chart-criteria", "data-testid": "criteria-chart", role: "img", "aria-label": section.querySelector("h2")!.textContent ?? "" });
    chart.style.height = `${Math.max(220, entries.length * 34 + 40)}px`;
    const table = h(
      "table",
      { class: "data-table", "data-testid": "criteria-table" },
      h("caption", {}, t("chartDataCaption")),
      h("thead", {}, h("tr", {}, h("th", { scope: "col" }, t("colCriterion")), h("th", { scope: "col", class: "num" }, t("colPeople")))),
      h(
        "tbody",
        {},
        ...entries.map(([id, count]) =>
          h(
            "tr",
            { "data-criterion": id },
            h("th", { scope: "row" }, criterionLabel(id), h("span", { class: "criterion-id" }, ` ${id}`)),
            h("td", { class: "num", title: withheld(id) ? this.withheldText(s.k) : undefined }, count == null ? "—" : formatInt(count)),
          ),
        ),
      ),
    );
    section.append(chart, h("details", { class: "chart-data" }, h("summary", {}, t("showChartData")), table));
    const shown = [...entries].reverse(); // ECharts draws the first category at the bottom.
    this.disposers.push(
      drawChart(chart, {
        grid: { left: 8, right: 72, top: 8, bottom: 8, containLabel: true },
        xAxis: { type: "value", axisLabel: { color: PALETTE.muted, formatter: (v: number) => formatInt(v) }, splitLine: { lineStyle: { color: PALETTE.grid } } },
        yAxis: { type: "category", data: shown.map(([id]) => criterionLabel(id)), axisLabel: { color: PALETTE.ink, fontSize: 13 }, axisTick: { show: false } },
        tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, valueFormatter: (v: unknown) => (typeof v === "number" ? formatInt(v) : "—") },
        series: [
          {
            type: "bar",
            name: t("colPeople"),
            data: shown.map(([, count]) => count ?? 0),
            itemStyle: { color: PALETTE.accent, borderRadius: [0, 4, 4, 0] },
            barMaxWidth: 22,
            label: {
              show: true,
              position: "right",
              color: PALETTE.ink,
              formatter: (p: { dataIndex: number }) => {
                const [id, count] = shown[p.dataIndex]!;
                return count == null || withheld(id) ? t("withheld", { k: s.k }) : formatInt(count);
              },
            },
          },
        ],
      }),
    );
  }

  /** The ten provinces with the highest ineligible share (withheld ones cannot be ranked). */
  private renderRanking(section: HTMLElement): void {
    const s = this.summary!;
    const ranked = s.provinces
      .map((p) => ({ code: p.code, share: ineligibleShare(p) }))
      .filter((p): p is { code: string; share: number } => p.share != null)
      .sort((a, b) => b.share - a.share)
      .slice(0, 10);
    section.append(h("h2", { id: "ranking-title" }, t("rankingTitle")), h("p", { class: "hint" }, t("rankingHint")));
    if (ranked.length === 0) {
      section.append(h("p", { class: "message" }, t("noData")));
      return;
    }
    const shown = [...ranked].reverse();
    const chart = h("div", { class: "chart", "data-testid": "ranking-chart", role: "img", "aria-label": t("rankingTitle") });
    chart.style.height = `${ranked.length * 30 + 30}px`;
    section.append(chart);
    this.disposers.push(
      drawChart(chart, {
        grid: { left: 8, right: 56, top: 4, bottom: 4, containLabel: true },
        xAxis: { type: "value", show: false, max: 1 },
        yAxis: { type: "category", data: shown.map((p) => provinceName(provinceByCode(p.code), p.code)), axisLabel: { color: PALETTE.ink, fontSize: 13 }, axisTick: { show: false }, axisLine: { show: false } },
        tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, valueFormatter: (v: unknown) => (typeof v === "number" ? formatPercent(v) : "—") },
        series: [
          {
            type: "bar",
            name: t("kpiIneligibleShare"),
            data: shown.map((p) => p.share),
            itemStyle: { color: CLASS_COLOURS[3], borderRadius: [0, 4, 4, 0] },
            barMaxWidth: 18,
            showBackground: true,
            backgroundStyle: { color: "#f1f3f5", borderRadius: [0, 4, 4, 0] },
            label: { show: true, position: "right", color: PALETTE.ink, formatter: (p: { value: number }) => formatPercent(p.value) },
          },
        ],
      }),
    );
  }

  private table(s: TargetedSummary): HTMLElement {
    const rows = [...s.provinces];
    const columns = COLUMNS.filter((c) => c.key !== "staleEvidenceShare" || s.national.staleEvidenceShare !== undefined);
    const column = COLUMNS.find((c) => c.key === this.sortKey);
    const name = (p: ProvinceCounts) => provinceName(provinceByCode(p.code), p.code);
    rows.sort((a, b) => {
      let order: number;
      if (column) order = (column.value(a) ?? -Infinity) - (column.value(b) ?? -Infinity);
      else if (this.sortKey === "name") order = name(a).localeCompare(name(b), lang());
      else order = a.code.localeCompare(b.code);
      return this.sortDescending ? -order : order;
    });
    const header = (key: string, label: string, numeric: boolean) =>
      h(
        "th",
        { scope: "col", class: numeric ? "num" : undefined, "aria-sort": this.sortKey === key ? (this.sortDescending ? "descending" : "ascending") : undefined },
        h(
          "button",
          { type: "button", class: "sort", "aria-label": t("sortBy", { column: label }), onclick: () => this.sortBy(key) },
          label,
          h("span", { class: "sort-mark", "aria-hidden": "true" }, this.sortKey === key ? (this.sortDescending ? " ▼" : " ▲") : ""),
        ),
      );
    const table = h(
      "table",
      { class: "data-table province-table", "data-testid": "province-table" },
      h("caption", {}, t("tableCaption")),
      h("thead", {}, h("tr", {}, header("code", t("colCode"), false), header("name", t("colProvince"), false), ...columns.map((c) => header(c.key, t(c.label), true)))),
      h(
        "tbody",
        {},
        ...rows.map((p) =>
          h(
            "tr",
            { "data-code": p.code, class: p.code === this.selected ? "selected" : undefined },
            h("td", {}, p.code),
            h("th", { scope: "row" }, h("button", { type: "button", class: "link", onclick: () => this.select(p.code) }, name(p))),
            ...columns.map((c) => {
              const v = c.value(p);
              const isWithheld = v == null && c.withheldField != null && p.suppressed.includes(c.withheldField);
              return h(
                "td",
                { class: `num${isWithheld ? " withheld" : ""}`, "data-field": c.key, title: isWithheld ? this.withheldText(s.k) : undefined },
                v == null ? "—" : c.format(v),
              );
            }),
          ),
        ),
      ),
      h(
        "tfoot",
        {},
        h(
          "tr",
          { "data-code": "national" },
          h("td", {}),
          h("th", { scope: "row" }, t("national")),
          ...columns.map((c) => {
            const v = c.value({ ...s.national, code: "" });
            return h("td", { class: "num", "data-field": c.key }, v == null ? "—" : c.format(v));
          }),
        ),
      ),
    );
    return h("section", { class: "card", "aria-labelledby": "table-title" }, h("h2", { id: "table-title" }, t("tableTitle")), h("div", { class: "table-wrap" }, table));
  }

  private sortBy(key: string): void {
    if (this.sortKey === key) this.sortDescending = !this.sortDescending;
    else {
      this.sortKey = key;
      this.sortDescending = key !== "code" && key !== "name";
    }
    this.render();
    this.root.querySelector<HTMLButtonElement>(`th[aria-sort] button.sort`)?.focus();
  }
}
