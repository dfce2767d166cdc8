// Draws the charts of a dashboard page: the option objects come ready-made from the server
// (embedded as JSON); this script only hands them to ECharts and keeps them sized.
(function () {
  "use strict";
  var data = document.getElementById("chart-data");
  if (!data) { return; }
  var charts = JSON.parse(data.textContent);
  if (typeof window.echarts === "undefined") {
    document.getElementById("charts-unavailable").hidden = false;
    return;
  }
  var drawn = [];
  charts.forEach(function (chart) {
    var dom = document.getElementById(chart.id);
    if (!dom) { return; }
    var instance = window.echarts.init(dom, null, { renderer: "canvas" });
    instance.setOption(chart.option);
    drawn.push(instance);
  });
  window.addEventListener("resize", function () {
    drawn.forEach(function (instance) { instance.resize(); });
  });
  document.documentElement.setAttribute("data-charts-ready", String(drawn.length));
})();
