// Charts drawn from their data tables, so a chart and its table always hold the same numbers.
//
//   <canvas data-chart="bar|line|doughnut" data-chart-table="#spending-table" role="img" aria-label="…"></canvas>
//   <table id="spending-table">
//     <thead><tr><th>Month</th><th>Spent</th>…</tr></thead>      series names: the <th> of each column after the first
//     <tbody><tr><th>Jan 2026</th><td data-value="1250.5">SAR 1,250.50</td>…</tr></tbody>
//   </table>
//
// Labels are the first cell of each body row; values come from data-value (never from the culture-formatted text,
// which tooltips show as is). A column whose <th> has data-chart-skip (a share, a count) stays out of the chart. Put the canvas in a sized box (class="chart-box h-64"): it fills it.
// Colours come from the theme's custom properties (--c-chart-1…10, --c-fg, --c-muted, --c-border, --c-surface) and
// are read again when the theme changes; in a right-to-left page the x axis runs from the right and the legend and
// tooltips read right to left. A drawn canvas is marked data-initialised="charts" and carries what it was given in
// data-chart-data (JSON: labels and datasets), which tests compare with the table.
(function () {
  "use strict";
  var drawn = [];

  function resolve(variable, probe) {
    probe.style.color = "var(" + variable + ")";
    return getComputedStyle(probe).color;
  }

  // Custom properties hold light-dark(…) pairs; a probe element resolves them for the current colour scheme.
  function theme(canvas) {
    var probe = document.createElement("span");
    probe.hidden = true;
    canvas.parentNode.appendChild(probe);
    var colours = {
      series: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map(function (i) { return resolve("--c-chart-" + i, probe); }),
      fg: resolve("--c-fg", probe),
      muted: resolve("--c-muted", probe),
      border: resolve("--c-border", probe),
      surface: resolve("--c-surface", probe),
      font: getComputedStyle(document.body).fontFamily,
    };
    probe.remove();
    return colours;
  }

  function cellValue(cell) {
    var v = cell ? parseFloat(cell.getAttribute("data-value")) : NaN;
    return isNaN(v) ? 0 : v;
  }

  function readTable(table) {
    var headerRow = table.tHead && table.tHead.rows[0];
    var series = [], columns = [];
    if (headerRow) for (var c = 1; c < headerRow.cells.length; c++) {
      if (headerRow.cells[c].hasAttribute("data-chart-skip")) continue;
      series.push(headerRow.cells[c].textContent.trim());
      columns.push(c);
    }
    var labels = [], values = series.map(function () { return []; }), texts = series.map(function () { return []; });
    Array.prototype.forEach.call(table.tBodies, function (body) {
      Array.prototype.forEach.call(body.rows, function (row) {
        labels.push(row.cells[0].textContent.trim());
        for (var s = 0; s < series.length; s++) {
          var cell = row.cells[columns[s]];
          values[s].push(cellValue(cell));
          texts[s].push(cell ? cell.textContent.trim() : "");
        }
      });
    });
    return { labels: labels, series: series, values: values, texts: texts };
  }

  function rtl(canvas) {
    var el = canvas.closest("[dir]");
    return (el ? el.getAttribute("dir") : document.documentElement.dir) === "rtl";
  }

  function withAlpha(rgb, alpha) {
    var m = /rgba?\(([^)]+)\)/.exec(rgb);
    if (!m) return rgb;
    var parts = m[1].split(/[\s,\/]+/).filter(Boolean).slice(0, 3);
    return "rgba(" + parts.join(", ") + ", " + alpha + ")";
  }

  // Past the palette, the same colours again, lighter.
  function colourAt(c, i) {
    var base = c.series[i % c.series.length];
    return i < c.series.length ? base : withAlpha(base, 0.55);
  }

  function config(canvas, table) {
    var kind = canvas.getAttribute("data-chart");
    var data = readTable(table);
    var c = theme(canvas);
    var isRtl = rtl(canvas);
    var round = kind === "doughnut";
    var datasets = data.series.map(function (name, i) {
      var colour = colourAt(c, i);
      return {
        label: name,
        data: data.values[i],
        backgroundColor: round ? data.labels.map(function (_, j) { return colourAt(c, j); })
          : kind === "line" ? withAlpha(colour, 0.15) : colour,
        borderColor: round ? c.surface : colour,
        borderWidth: round ? 2 : kind === "line" ? 2 : 0,
        borderRadius: kind === "bar" ? 4 : 0,
        fill: kind === "line",
        tension: 0.25,
        pointRadius: kind === "line" ? 3 : undefined,
      };
    });
    var axis = function (reverse) {
      return {
        reverse: reverse,
        // Level labels, thinned out when they do not fit: rotated ones run off the edge in a right-to-left chart.
        ticks: { color: c.muted, font: { family: c.font }, maxRotation: 0, autoSkip: true },
        grid: { color: withAlpha(c.border, 0.6) },
        border: { color: c.border },
      };
    };
    var options = {
      responsive: true,
      maintainAspectRatio: false,
      // Drawn at once: a chart is a figure to read, and a resize or theme change should not replay a growth animation.
      animation: false,
      // Latin digits with Latin separators in both languages, as the server formats the table.
      locale: (document.documentElement.lang || "en") + "-u-nu-latn",
      font: { family: c.font },
      color: c.fg,
      plugins: {
        legend: {
          display: round || data.series.length > 1,
          position: "bottom",
          rtl: isRtl,
          textDirection: isRtl ? "rtl" : "ltr",
          labels: { color: c.fg, font: { family: c.font } },
        },
        tooltip: {
          rtl: isRtl,
          textDirection: isRtl ? "rtl" : "ltr",
          // The table's own text: the customer's currency and culture, exactly as the table shows it.
          callbacks: {
            label: function (item) {
              var text = data.texts[item.datasetIndex][item.dataIndex];
              return (round || data.series.length === 1 ? "" : item.dataset.label + ": ") + text;
            },
          },
        },
      },
    };
    if (!round) {
      options.scales = { x: axis(isRtl), y: axis(false) };
      options.scales.y.beginAtZero = true;
      options.scales.y.position = isRtl ? "right" : "left";
    }
    return {
      type: kind,
      data: { labels: data.labels, datasets: datasets },
      options: options,
      given: { labels: data.labels, datasets: data.series.map(function (name, i) { return { label: name, data: data.values[i] }; }) },
    };
  }

  function draw(canvas) {
    var table = document.querySelector(canvas.getAttribute("data-chart-table"));
    if (!table || typeof window.Chart !== "function") return;
    var existing = window.Chart.getChart(canvas);
    if (existing) existing.destroy();
    var cfg = config(canvas, table);
    new window.Chart(canvas, { type: cfg.type, data: cfg.data, options: cfg.options });
    canvas.setAttribute("data-chart-data", JSON.stringify(cfg.given));
    canvas.dataset.initialised = "charts";
    if (drawn.indexOf(canvas) < 0) drawn.push(canvas);
  }

  // Charts whose canvas left the page (an htmx swap) are destroyed, so their listeners and memory go with them.
  function release(node) {
    drawn = drawn.filter(function (canvas) {
      var gone = !canvas.isConnected || (node && node.contains && node.contains(canvas));
      if (gone) {
        var chart = window.Chart && window.Chart.getChart(canvas);
        if (chart) chart.destroy();
      }
      return !gone;
    });
  }

  // A chart is drawn when its canvas comes near the screen: on a phone the charts are far down the page, and drawing
  // one is the costliest thing the page does (every canvas is watched once; a swapped-in canvas is a new one).
  var nearScreen = "IntersectionObserver" in window ? new IntersectionObserver(function (entries) {
    entries.forEach(function (entry) {
      if (!entry.isIntersecting) return;
      nearScreen.unobserve(entry.target);
      if (entry.target.isConnected) draw(entry.target);
    });
  }, { rootMargin: "400px 0px" }) : null;

  function init(root) {
    release();
    var scope = root && root.querySelectorAll ? root : document;
    var found = Array.prototype.slice.call(scope.querySelectorAll("canvas[data-chart]:not([data-initialised])"));
    if (scope.matches && scope.matches("canvas[data-chart]:not([data-initialised])")) found.push(scope);
    found.forEach(function (canvas) { if (nearScreen) nearScreen.observe(canvas); else draw(canvas); });
  }

  function redrawAll() {
    release();
    drawn.slice().forEach(draw);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", function () { init(); });
  else init();
  document.addEventListener("htmx:load", function (e) { init(e.target); });
  document.addEventListener("htmx:beforeCleanupElement", function (e) {
    if (e.target instanceof HTMLCanvasElement && nearScreen) nearScreen.unobserve(e.target);
    if (e.target instanceof HTMLCanvasElement && drawn.indexOf(e.target) >= 0) release(e.target);
  });

  // The theme follows the OS ("System") or the <html> class the server sets; redraw when either changes.
  // Chart.js follows its box a frame or two after a resize; follow the window at once so nothing is drawn stretched.
  window.addEventListener("resize", function () {
    drawn.forEach(function (canvas) { var chart = window.Chart.getChart(canvas); if (chart) chart.resize(); });
  });
  if (window.matchMedia) {
    var scheme = window.matchMedia("(prefers-color-scheme: dark)");
    if (scheme.addEventListener) scheme.addEventListener("change", redrawAll);
  }
  new MutationObserver(redrawAll).observe(document.documentElement, { attributes: true, attributeFilter: ["class", "dir", "lang"] });
})();
