// Every label of the dashboard in Thai and English. The language is kept in localStorage and
// set on <html lang>, so screen readers pronounce Thai labels as Thai.

export type Lang = "th" | "en";

const en = {
  appTitle: "State Welfare Card dashboard",
  appSubtitle: "Ministry of Finance · State Welfare Registration",
  navTargeted: "Targeted",
  navTimely: "Timely",
  navFreshness: "Freshness",
  navLabel: "Dashboard pages",
  langToggle: "ภาษาไทย",
  langToggleLabel: "Switch the dashboard to Thai",
  liveConnecting: "Connecting to live updates…",
  liveOn: "Live",
  liveOff: "Live updates unavailable",
  liveOffDetail: "Live updates unavailable ({detail}); figures refresh when you reload.",
  updatedAt: "Updated {time}",
  loading: "Loading…",
  retry: "Try again",

  errNoToken: "No access token. Open the dashboard with the link the local runner prints (…/#token=…); the token is kept for this browser tab only.",
  errUnauthorized: "Access refused (HTTP 401): the token is missing, invalid or expired. Open the dashboard link again.",
  errForbidden: "Access refused (HTTP 403): the token does not carry the analyst role.",
  errNotFound: "Not available on this server yet: {path} answered 404.",
  errNoDataYet: "No data yet from {path}. The server says: {reason}",
  errServer: "The server failed to answer {path} (HTTP {status}). Try again in a moment.",
  errUnreachable: "Cannot reach the dashboard API ({path}). Is the platform running?",
  errBadResponse: "The answer of {path} could not be read.",

  // Targeted
  targetedTitle: "Targeted: does the card reach the people the criteria name?",
  targetedIntro: "Ruleset {ruleset} · evidence as of {asOf} · counts under {k} are withheld",
  kpiRegistrants: "Registrants",
  kpiHolders: "Card holders",
  kpiEligible: "Eligible",
  kpiIneligible: "Ineligible",
  kpiUnknown: "Unknown (no evidence)",
  kpiIneligibleShare: "Ineligible share",
  kpiInclusionErrors: "Inclusion errors",
  kpiInclusionHint: "card holders who do not meet the criteria",
  kpiExclusionErrors: "Exclusion errors",
  kpiExclusionHint: "eligible people without a card",
  kpiStaleShare: "Decided on stale evidence",
  mapTitle: "Ineligible share by province",
  mapHint: "Ineligible ÷ (eligible + ineligible). Select a province to see its failed criteria.",
  mapLabel: "Tile map of Thailand's 77 provinces coloured by ineligible share",
  legendTitle: "Ineligible share",
  legendWithheld: "Withheld (fewer than {k})",
  legendNoData: "No determinations",
  tileLabel: "{name}: ineligible share {share}",
  criteriaTitle: "Failed criteria",
  criteriaNational: "Failed criteria, whole country",
  criteriaProvince: "Failed criteria, {name}",
  criteriaHint: "People failing each criterion; a person failing several is counted under each.",
  criteriaNone: "No criterion counts yet.",
  showNational: "Show whole country",
  chartDataCaption: "Data of the chart",
  showChartData: "Show the chart's data as a table",
  colCriterion: "Criterion",
  colPeople: "People",
  rankingTitle: "Highest ineligible share",
  rankingHint: "The ten provinces where the largest share of decided registrants fails the criteria.",
  tableTitle: "Provinces",
  tableCaption: "Eligibility outcomes by province (withheld counts shown as —)",
  colProvince: "Province",
  colCode: "Code",
  withheld: "withheld (fewer than {k})",
  sortBy: "Sort by {column}",
  national: "Whole country",
  noData: "no data",

  // Timely
  timelyTitle: "Timely: does help reach a province in crisis in time?",
  provincePicker: "Province",
  fromDate: "From",
  toDate: "To",
  show: "Show",
  seriesTitle: "{name}: cases, disasters and payments",
  seriesPopulation: "Population {population}",
  seriesLabel: "Daily Covid-19 cases, disaster declaration days and welfare payments of {name} on one time axis",
  seriesCases: "New Covid-19 cases",
  seriesDeaths: "Deaths",
  seriesDisaster: "Disaster declared",
  seriesPayments: "Payments, 7-day total (baht)",
  seriesCasesPer100k: "Cases per 100,000",
  seriesPaymentsPerCapita: "Payments per person (baht)",
  axisCases: "cases a day",
  axisPayments: "baht in 7 days",
  seriesSummary: "{days} days · {cases} cases · {disasterDays} disaster days · {payments} baht paid",
  colDate: "Date",
  lagsTitle: "Response lag by province",
  lagsCaption: "Days from the onset of a crisis to the uplift of payments, per province",
  colStatus: "Status",
  colOnset: "Crisis onset",
  colUplift: "Payments uplift",
  colLag: "Lag (days)",
  colSinceOnset: "Days since onset",
  colRank: "Rank",
  statusResponded: "Responded",
  statusNoUpliftYet: "No uplift yet",
  statusNoCrisis: "No crisis",
  asOf: "As of {date}",
  kpiInCrisis: "Provinces in crisis",
  kpiResponded: "Responded",
  kpiNoUpliftYet: "No uplift yet",
  kpiMedianLag: "Median lag (days)",
  selectProvinceRow: "Show {name} in the chart",

  // Freshness
  freshnessTitle: "Freshness: how recent is each source?",
  freshnessIntro: "Today is {today}. A source is stale when its last data is older than its cadence allows.",
  freshnessCaption: "Every source, its last as-of date and whether it is stale",
  colSource: "Source",
  colKind: "Kind",
  colLastAsOf: "Last as-of",
  colAge: "Age (days)",
  kpiSources: "Sources",
  colCadence: "Cadence (days)",
  colReceived: "Last received",
  stale: "Stale",
  fresh: "Fresh",
  kindRegistrations: "Registrations",
  kindEvidence: "Agency evidence",
  kindPayments: "Payments",
  kindCovidCases: "Covid-19 cases",
  kindDisasters: "Disaster declarations",
  freshnessSummary: "{stale} of {total} sources stale",
  noSources: "No source has delivered data yet.",

  // Criteria (RULESETS.md)
  "crit.NATIONALITY": "Thai nationality",
  "crit.AGE": "Age 18 or over",
  "crit.NOT_STATE_EMPLOYEE": "Not a state employee",
  "crit.ALIVE": "Alive",
  "crit.INCOME": "Income ≤ limit",
  "crit.HOUSEHOLD_INCOME": "Household income ≤ limit",
  "crit.FINANCIAL_ASSETS": "Financial assets ≤ limit",
  "crit.HOME_LOAN": "Home loan ≤ limit",
  "crit.CAR_LOAN": "Car loan ≤ limit",
  "crit.CREDIT_CARD": "No credit card",
  "crit.LAND_RESIDENTIAL": "Residential land ≤ limit",
  "crit.CONDO": "Condominium ≤ limit",
  "crit.LAND_AGRICULTURAL": "Farm land ≤ limit",
};

export type Key = keyof typeof en;

const th: Record<Key, string> = {
  appTitle: "แดชบอร์ดบัตรสวัสดิการแห่งรัฐ",
  appSubtitle: "กระทรวงการคลัง · โครงการลงทะเบียนเพื่อสวัสดิการแห่งรัฐ",
  navTargeted: "ตรงกลุ่มเป้าหมาย",
  navTimely: "ทันเวลา",
  navFreshness: "ความทันสมัยของข้อมูล",
  navLabel: "หน้าของแดชบอร์ด",
  langToggle: "English",
  langToggleLabel: "เปลี่ยนแดชบอร์ดเป็นภาษาอังกฤษ",
  liveConnecting: "กำลังเชื่อมต่อการอัปเดตสด…",
  liveOn: "สด",
  liveOff: "ไม่มีการอัปเดตสด",
  liveOffDetail: "ไม่มีการอัปเดตสด ({detail}) ตัวเลขจะปรับเมื่อโหลดหน้าใหม่",
  updatedAt: "อัปเดต {time}",
  loading: "กำลังโหลด…",
  retry: "ลองอีกครั้ง",

  errNoToken: "ไม่มีโทเค็นสำหรับเข้าใช้ กรุณาเปิดแดชบอร์ดจากลิงก์ที่ตัวรันในเครื่องพิมพ์ออกมา (…/#token=…) โทเค็นจะเก็บไว้เฉพาะแท็บนี้",
  errUnauthorized: "ปฏิเสธการเข้าถึง (HTTP 401): ไม่มีโทเค็น โทเค็นไม่ถูกต้อง หรือหมดอายุ กรุณาเปิดลิงก์แดชบอร์ดอีกครั้ง",
  errForbidden: "ปฏิเสธการเข้าถึง (HTTP 403): โทเค็นนี้ไม่มีสิทธิ์นักวิเคราะห์ (analyst)",
  errNotFound: "เซิร์ฟเวอร์นี้ยังไม่มีข้อมูลส่วนนี้: {path} ตอบ 404",
  errNoDataYet: "ยังไม่มีข้อมูลจาก {path} เซิร์ฟเวอร์แจ้งว่า: {reason}",
  errServer: "เซิร์ฟเวอร์ตอบ {path} ไม่สำเร็จ (HTTP {status}) กรุณาลองใหม่อีกครั้ง",
  errUnreachable: "ติดต่อ API ของแดชบอร์ดไม่ได้ ({path}) แพลตฟอร์มทำงานอยู่หรือไม่",
  errBadResponse: "อ่านคำตอบของ {path} ไม่ได้",

  targetedTitle: "ตรงกลุ่มเป้าหมาย: บัตรถึงมือผู้ที่ผ่านเกณฑ์หรือไม่",
  targetedIntro: "ชุดเกณฑ์ {ruleset} · ข้อมูลหลักฐาน ณ {asOf} · จำนวนที่น้อยกว่า {k} จะไม่เปิดเผย",
  kpiRegistrants: "ผู้ลงทะเบียน",
  kpiHolders: "ผู้ถือบัตร",
  kpiEligible: "ผ่านเกณฑ์",
  kpiIneligible: "ไม่ผ่านเกณฑ์",
  kpiUnknown: "ยังไม่ทราบ (ไม่มีหลักฐาน)",
  kpiIneligibleShare: "สัดส่วนผู้ไม่ผ่านเกณฑ์",
  kpiInclusionErrors: "ความคลาดเคลื่อนแบบรวมเกิน",
  kpiInclusionHint: "ผู้ถือบัตรที่ไม่ผ่านเกณฑ์",
  kpiExclusionErrors: "ความคลาดเคลื่อนแบบตกหล่น",
  kpiExclusionHint: "ผู้ผ่านเกณฑ์ที่ไม่มีบัตร",
  kpiStaleShare: "ตัดสินจากหลักฐานที่ล้าสมัย",
  mapTitle: "สัดส่วนผู้ไม่ผ่านเกณฑ์รายจังหวัด",
  mapHint: "ไม่ผ่านเกณฑ์ ÷ (ผ่านเกณฑ์ + ไม่ผ่านเกณฑ์) เลือกจังหวัดเพื่อดูเกณฑ์ที่ไม่ผ่าน",
  mapLabel: "แผนที่ช่อง 77 จังหวัดของประเทศไทย แสดงสีตามสัดส่วนผู้ไม่ผ่านเกณฑ์",
  legendTitle: "สัดส่วนผู้ไม่ผ่านเกณฑ์",
  legendWithheld: "ไม่เปิดเผย (น้อยกว่า {k})",
  legendNoData: "ยังไม่มีผลการพิจารณา",
  tileLabel: "{name}: สัดส่วนผู้ไม่ผ่านเกณฑ์ {share}",
  criteriaTitle: "เกณฑ์ที่ไม่ผ่าน",
  criteriaNational: "เกณฑ์ที่ไม่ผ่าน ทั้งประเทศ",
  criteriaProvince: "เกณฑ์ที่ไม่ผ่าน จังหวัด{name}",
  criteriaHint: "จำนวนคนที่ไม่ผ่านแต่ละเกณฑ์ คนที่ไม่ผ่านหลายเกณฑ์นับในทุกเกณฑ์",
  criteriaNone: "ยังไม่มีจำนวนรายเกณฑ์",
  showNational: "แสดงทั้งประเทศ",
  chartDataCaption: "ข้อมูลของแผนภูมิ",
  showChartData: "แสดงข้อมูลของแผนภูมิเป็นตาราง",
  colCriterion: "เกณฑ์",
  colPeople: "จำนวนคน",
  rankingTitle: "จังหวัดที่มีสัดส่วนผู้ไม่ผ่านเกณฑ์สูงสุด",
  rankingHint: "สิบจังหวัดที่ผู้ลงทะเบียนซึ่งพิจารณาแล้วไม่ผ่านเกณฑ์ในสัดส่วนสูงสุด",
  tableTitle: "รายจังหวัด",
  tableCaption: "ผลการพิจารณาสิทธิ์รายจังหวัด (จำนวนที่ไม่เปิดเผยแสดงเป็น —)",
  colProvince: "จังหวัด",
  colCode: "รหัส",
  withheld: "ไม่เปิดเผย (น้อยกว่า {k})",
  sortBy: "เรียงตาม{column}",
  national: "ทั้งประเทศ",
  noData: "ไม่มีข้อมูล",

  timelyTitle: "ทันเวลา: ความช่วยเหลือถึงจังหวัดที่เกิดวิกฤตทันหรือไม่",
  provincePicker: "จังหวัด",
  fromDate: "ตั้งแต่",
  toDate: "ถึง",
  show: "แสดง",
  seriesTitle: "{name}: ผู้ป่วย ภัยพิบัติ และการจ่ายเงิน",
  seriesPopulation: "ประชากร {population} คน",
  seriesLabel: "ผู้ป่วยโควิด-19 รายวัน วันที่ประกาศภัยพิบัติ และเงินสวัสดิการที่จ่ายของจังหวัด{name} บนแกนเวลาเดียวกัน",
  seriesCases: "ผู้ป่วยโควิด-19 รายใหม่",
  seriesDeaths: "ผู้เสียชีวิต",
  seriesDisaster: "ประกาศภัยพิบัติ",
  seriesPayments: "เงินที่จ่ายรวม 7 วัน (บาท)",
  seriesCasesPer100k: "ผู้ป่วยต่อประชากร 100,000 คน",
  seriesPaymentsPerCapita: "เงินที่จ่ายต่อคน (บาท)",
  axisCases: "ผู้ป่วยต่อวัน",
  axisPayments: "บาทใน 7 วัน",
  seriesSummary: "{days} วัน · ผู้ป่วย {cases} ราย · ประกาศภัยพิบัติ {disasterDays} วัน · จ่ายเงิน {payments} บาท",
  colDate: "วันที่",
  lagsTitle: "ระยะเวลาตอบสนองรายจังหวัด",
  lagsCaption: "จำนวนวันจากเริ่มเกิดวิกฤตถึงวันที่การจ่ายเงินเพิ่มขึ้น รายจังหวัด",
  colStatus: "สถานะ",
  colOnset: "เริ่มเกิดวิกฤต",
  colUplift: "การจ่ายเงินเพิ่มขึ้น",
  colLag: "ระยะเวลา (วัน)",
  colSinceOnset: "วันนับจากเริ่มวิกฤต",
  colRank: "อันดับ",
  statusResponded: "ตอบสนองแล้ว",
  statusNoUpliftYet: "ยังไม่เพิ่มการจ่าย",
  statusNoCrisis: "ไม่มีวิกฤต",
  asOf: "ข้อมูล ณ {date}",
  kpiInCrisis: "จังหวัดที่เกิดวิกฤต",
  kpiResponded: "ตอบสนองแล้ว",
  kpiNoUpliftYet: "ยังไม่เพิ่มการจ่าย",
  kpiMedianLag: "ค่ามัธยฐาน (วัน)",
  selectProvinceRow: "แสดงจังหวัด{name}ในแผนภูมิ",

  freshnessTitle: "ความทันสมัย: ข้อมูลแต่ละแหล่งใหม่แค่ไหน",
  freshnessIntro: "วันนี้คือ {today} แหล่งข้อมูลจะถือว่าล้าสมัยเมื่อข้อมูลล่าสุดเก่ากว่ารอบการส่งที่กำหนด",
  freshnessCaption: "แหล่งข้อมูลทั้งหมด วันที่ของข้อมูลล่าสุด และสถานะความล้าสมัย",
  colSource: "แหล่งข้อมูล",
  colKind: "ประเภท",
  colLastAsOf: "ข้อมูล ณ วันที่",
  colAge: "อายุข้อมูล (วัน)",
  kpiSources: "แหล่งข้อมูล",
  colCadence: "รอบการส่ง (วัน)",
  colReceived: "ได้รับล่าสุด",
  stale: "ล้าสมัย",
  fresh: "เป็นปัจจุบัน",
  kindRegistrations: "การลงทะเบียน",
  kindEvidence: "หลักฐานจากหน่วยงาน",
  kindPayments: "การจ่ายเงิน",
  kindCovidCases: "ผู้ป่วยโควิด-19",
  kindDisasters: "การประกาศภัยพิบัติ",
  freshnessSummary: "ล้าสมัย {stale} จาก {total} แหล่ง",
  noSources: "ยังไม่มีแหล่งใดส่งข้อมูล",

  "crit.NATIONALITY": "สัญชาติไทย",
  "crit.AGE": "อายุ 18 ปีขึ้นไป",
  "crit.NOT_STATE_EMPLOYEE": "ไม่เป็นข้าราชการ/เจ้าหน้าที่รัฐ",
  "crit.ALIVE": "ยังมีชีวิตอยู่",
  "crit.INCOME": "รายได้ไม่เกินเกณฑ์",
  "crit.HOUSEHOLD_INCOME": "รายได้ครัวเรือนไม่เกินเกณฑ์",
  "crit.FINANCIAL_ASSETS": "ทรัพย์สินทางการเงินไม่เกินเกณฑ์",
  "crit.HOME_LOAN": "วงเงินกู้บ้านไม่เกินเกณฑ์",
  "crit.CAR_LOAN": "วงเงินกู้รถไม่เกินเกณฑ์",
  "crit.CREDIT_CARD": "ไม่มีบัตรเครดิต",
  "crit.LAND_RESIDENTIAL": "ที่ดินอยู่อาศัยไม่เกินเกณฑ์",
  "crit.CONDO": "ห้องชุดไม่เกินเกณฑ์",
  "crit.LAND_AGRICULTURAL": "ที่ดินเกษตรไม่เกินเกณฑ์",
};

const dictionaries: Record<Lang, Record<Key, string>> = { en, th };
const STORAGE_KEY = "welfare-dashboard.lang";

// A choice made here wins; otherwise the browser's language (Thai browsers get Thai).
function initialLang(): Lang {
  const stored = localStorage.getItem(STORAGE_KEY);
  if (stored === "th" || stored === "en") return stored;
  return navigator.language.toLowerCase().startsWith("th") ? "th" : "en";
}

let current: Lang = initialLang();

export function lang(): Lang {
  return current;
}

export function setLang(next: Lang): void {
  current = next;
  localStorage.setItem(STORAGE_KEY, next);
  document.documentElement.lang = next;
}

export function t(key: Key, params: Record<string, string | number> = {}): string {
  return dictionaries[current][key].replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`));
}

/** A criterion's label, or its id when the dashboard does not know it. */
export function criterionLabel(id: string): string {
  const key = `crit.${id}` as Key;
  return key in en ? t(key) : id;
}

function locale(): string {
  return current === "th" ? "th-TH" : "en-GB";
}

export function formatInt(value: number): string {
  return new Intl.NumberFormat(locale(), { maximumFractionDigits: 0 }).format(value);
}

export function formatPercent(value: number, digits = 1): string {
  return new Intl.NumberFormat(locale(), { style: "percent", minimumFractionDigits: digits, maximumFractionDigits: digits }).format(value);
}

/** Axis ticks: 1.2K, 3.4M (the locale's compact form), so small and large sums both read. */
export function formatCompact(value: number): string {
  return new Intl.NumberFormat(locale(), { notation: "compact", maximumFractionDigits: 1 }).format(value);
}

export function formatNumber(value: number, digits = 1): string {
  return new Intl.NumberFormat(locale(), { maximumFractionDigits: digits }).format(value);
}

/** A calendar date (YYYY-MM-DD): Thai uses the Buddhist era, as Thai readers expect. */
export function formatDate(isoDate: string): string {
  const [y, m, d] = isoDate.split("-").map(Number);
  if (!y || !m || !d) return isoDate;
  return new Intl.DateTimeFormat(locale(), { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" }).format(new Date(Date.UTC(y, m - 1, d)));
}

export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(locale(), { dateStyle: "medium", timeStyle: "short" }).format(date);
}

export function formatTime(date: Date): string {
  return new Intl.DateTimeFormat(locale(), { hour: "2-digit", minute: "2-digit", second: "2-digit", hour12: false }).format(date);
}

document.documentElement.lang = current;
