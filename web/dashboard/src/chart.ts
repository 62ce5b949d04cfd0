// ECharts, imported piece by piece so the bundle only carries what the pages draw.
import * as echarts from "echarts/core";
import { BarChart, LineChart } from "echarts/charts";
import { AriaComponent, DataZoomComponent, GridComponent, LegendComponent, MarkAreaComponent, TooltipComponent } from "echarts/components";
import { SVGRenderer } from "echarts/renderers";

echarts.use([BarChart, LineChart, AriaComponent, DataZoomComponent, GridComponent, LegendComponent, MarkAreaComponent, TooltipComponent, SVGRenderer]);

export type ChartOption = echarts.EChartsCoreOption;

/** Draws (or redraws) a chart in the element; resizes with it; returns a disposer. */
export function drawChart(element: HTMLElement, option: ChartOption): () => void {
  const chart = echarts.getInstanceByDom(element) ?? echarts.init(element, undefined, { renderer: "svg" });
  chart.setOption({ animation: false, ...option }, { notMerge: true });
  const observer = new ResizeObserver(() => chart.resize());
  observer.observe(element);
  return () => {
    observer.disconnect();
    chart.dispose();
  };
}

export const PALETTE = {
  ink: "#1f2933",
  muted: "#616e7c",
  grid: "#e4e7eb",
  primary: "#1d4e89",
  accent: "#d9480f",
  payments: "#2b8a3e",
  disaster: "rgba(201, 42, 42, 0.14)",
};
