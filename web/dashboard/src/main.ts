// The dashboard's shell: header, navigation, language switch, live-update indicator, and a hash
// router (#/targeted, #/timely?code=&from=&to=, #/freshness) mounting one page at a time.
import "./style.css";
import { ApiError, takeTokenFromFragment, token } from "./api";
import { clear, h } from "./dom";
import { formatTime, lang, setLang, t, type Key } from "./i18n";
import { FreshnessPage } from "./pages/freshness";
import { errorBox, type Page } from "./pages/page";
import { TargetedPage } from "./pages/targeted";
import { DEFAULT_TIMELY, TimelyPage, type TimelyState } from "./pages/timely";
import { connectStream, type StreamStatus } from "./stream";

type RouteName = "targeted" | "timely" | "freshness";
const ROUTES: Array<{ name: RouteName; label: Key }> = [
  { name: "targeted", label: "navTargeted" },
  { name: "timely", label: "navTimely" },
  { name: "freshness", label: "navFreshness" },
];

const app = document.getElementById("app")!;
let page: Page | null = null;
let lastUpdated: Date | null = null;
let liveRefreshes = 0;
let streamStatus: StreamStatus = { state: "connecting" };

function route(): { name: RouteName; params: URLSearchParams } {
  const [path = "", query = ""] = window.location.hash.replace(/^#\/?/, "").split("?", 2);
  const name = ROUTES.some((r) => r.name === path) ? (path as RouteName) : "targeted";
  return { name, params: new URLSearchParams(query) };
}

function timelyState(params: URLSearchParams): TimelyState {
  const date = /^\d{4}-\d{2}-\d{2}$/;
  const from = params.get("from") ?? "";
  const to = params.get("to") ?? "";
  return {
    code: /^\d{2}$/.test(params.get("code") ?? "") ? params.get("code")! : DEFAULT_TIMELY.code,
    from: date.test(from) ? from : DEFAULT_TIMELY.from,
    to: date.test(to) ? to : DEFAULT_TIMELY.to,
  };
}

function renderShell(): void {
  clear(app);
  const current = route().name;
  document.title = `${t(ROUTES.find((r) => r.name === current)!.label)} · ${t("appTitle")}`;
  const nav = h(
    "nav",
    { class: "nav", "aria-label": t("navLabel") },
    h(
      "ul",
      {},
      ...ROUTES.map((r) => h("li", {}, h("a", { href: `#/${r.name}`, "aria-current": r.name === current ? "page" : undefined, "data-route": r.name }, t(r.label)))),
    ),
  );
  const header = h(
    "header",
    { class: "top" },
    h("div", { class: "brand" }, h("div", { class: "brand-mark", "aria-hidden": "true" }, "฿"), h("div", {}, h("div", { class: "brand-title" }, t("appTitle")), h("div", { class: "brand-sub" }, t("appSubtitle")))),
    nav,
    h(
      "div",
      { class: "top-right" },
      liveIndicator(),
      h("button", { type: "button", class: "button lang", id: "lang-toggle", lang: lang() === "th" ? "en" : "th", "aria-label": t("langToggleLabel"), onclick: toggleLanguage }, t("langToggle")),
    ),
  );
  app.append(h("a", { class: "skip", href: "#page" }, "↓"), header, h("main", { id: "page", tabindex: -1 }));
}

function liveIndicator(): HTMLElement {
  const state = streamStatus.state;
  const text = state === "live" ? t("liveOn") : state === "connecting" ? t("liveConnecting") : t("liveOff");
  const detail = streamStatus.state === "down" ? t("liveOffDetail", { detail: streamStatus.error.status ? `HTTP ${streamStatus.error.status}` : streamStatus.error.kind }) : text;
  return h(
    "div",
    { class: `live live-${state}`, id: "live", role: "status", "aria-live": "polite", "data-state": state, "data-live-refreshes": liveRefreshes, title: detail },
    h("span", { class: "live-dot", "aria-hidden": "true" }),
    h("span", { class: "live-text" }, text),
    h("span", { class: "updated", id: "updated", "data-updated": lastUpdated?.toISOString() }, lastUpdated ? t("updatedAt", { time: formatTime(lastUpdated) }) : ""),
  );
}

function updateLiveIndicator(): void {
  document.getElementById("live")?.replaceWith(liveIndicator());
}

function toggleLanguage(): void {
  setLang(lang() === "th" ? "en" : "th");
  const main = document.getElementById("page");
  renderShell();
  // Keep the page (and its fetched data): only its labels change.
  if (page && main) {
    document.getElementById("page")!.replaceWith(main);
    page.render();
  }
  document.getElementById("lang-toggle")?.focus();
}

async function mount(): Promise<void> {
  page?.dispose();
  page = null;
  renderShell();
  const main = document.getElementById("page")!;
  if (!token()) {
    main.append(errorBox(new ApiError("no-token", "")));
    return;
  }
  const { name, params } = route();
  if (name === "timely") {
    page = new TimelyPage(main, timelyState(params), (state) => {
      window.location.hash = `#/timely?code=${state.code}&from=${state.from}&to=${state.to}`;
    });
  } else if (name === "freshness") {
    page = new FreshnessPage(main);
  } else {
    page = new TargetedPage(main);
  }
  const mounted = page;
  if (await mounted.refresh()) {
    lastUpdated = new Date();
    updateLiveIndicator();
  }
}

async function refreshOnChange(readModel: string | null): Promise<void> {
  const current = page;
  if (!current || (readModel !== null && !current.readModels.includes(readModel))) return;
  if (await current.refresh()) {
    lastUpdated = new Date();
    liveRefreshes++;
    updateLiveIndicator();
  }
}

takeTokenFromFragment();
window.addEventListener("hashchange", () => {
  takeTokenFromFragment();
  void mount();
});
void mount();
if (token()) {
  connectStream({
    changed: (event) => void refreshOnChange(event.readModel),
    reconnected: () => void refreshOnChange(null),
    status: (status) => {
      streamStatus = status;
      updateLiveIndicator();
    },
  });
}
