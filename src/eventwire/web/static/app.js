// eventwire web view: the charts and the map, drawn from the REST API.
// Every page passes its own query string (the filters) on to the API, so what a chart
// shows is what the URL says. No framework; the libraries are vendored under vendor/.
"use strict";

const API = "/api/v1";
const CATEGORY_COLORS = {
  AGREE: "#1b9e77", CONSULT: "#66c2a5", SUPPORT: "#4daf4a", CONCEDE: "#a6d854",
  COOPERATE: "#377eb8", AID: "#80b1d3", RETREAT: "#8da0cb", REQUEST: "#bebada",
  ACCUSE: "#fdb462", REJECT: "#fc8d62", THREATEN: "#e78ac3", PROTEST: "#ffd92f",
  SANCTION: "#b15928", MOBILIZE: "#984ea3", COERCE: "#e7298a", ASSAULT: "#d7301f",
};
const CATEGORIES = Object.keys(CATEGORY_COLORS);
const QUAD_COLORS = {
  "verbal cooperation": "#66c2a5", "material cooperation": "#1b9e77",
  "verbal conflict": "#fc8d62", "material conflict": "#d7301f",
};
const FILTERS = ["since", "until", "type", "country", "actor", "location_country",
  "source", "status", "acled", "article", "bbox"];

function filterParams() {
  const here = new URLSearchParams(window.location.search);
  const kept = new URLSearchParams();
  for (const key of FILTERS) {
    const value = here.get(key);
    if (value) kept.set(key, value);
  }
  return kept;
}

async function getJSON(path, params) {
  const query = params && params.toString() ? "?" + params.toString() : "";
  const answer = await fetch(API + path + query, { headers: { Accept: "application/json" } });
  if (!answer.ok) {
    const problem = await answer.json().catch(() => ({}));
    throw new Error(problem.detail || answer.statusText);
  }
  return answer.json();
}

function epoch(day) {
  const [y, m, d] = day.split("-").map(Number);
  return Date.UTC(y, m - 1, d) / 1000;
}

function isoDay(seconds) {
  return new Date(seconds * 1000).toISOString().slice(0, 10);
}

function legend(el, entries) {
  if (!el) return;
  el.replaceChildren(...entries.map(([label, color]) => {
    const item = document.createElement("span");
    const swatch = document.createElement("span");
    swatch.className = "swatch";
    swatch.style.background = color;
    item.append(swatch, label);
    return item;
  }));
}

function colorCategoryBadges() {
  for (const badge of document.querySelectorAll(".cat")) {
    const name = [...badge.classList].find((c) => c.startsWith("cat-"));
    if (name) badge.style.background = CATEGORY_COLORS[name.slice(4)] || "#777";
  }
}

function message(el, text) {
  const note = document.createElement("p");
  note.className = "empty";
  note.textContent = text;
  el.replaceChildren(note);
}

// -- the timeline: stacked bars per period by category, brushable ----------------------

function stack(periods, rows, keys) {
  // cumulative counts per key, so that drawing the largest first gives stacked bars
  const index = new Map(periods.map((p, i) => [p, i]));
  const counts = keys.map(() => new Array(periods.length).fill(0));
  for (const row of rows) counts[keys.indexOf(row.key)][index.get(row.period)] += row.count;
  const cumulative = [];
  let running = new Array(periods.length).fill(0);
  for (const series of counts) {
    running = running.map((v, i) => v + series[i]);
    cumulative.push(running);
  }
  return { counts, cumulative };
}

async function drawTimeline(el) {
  const params = filterParams();
  let interval = "day";
  params.set("interval", interval);
  params.set("by", "event");
  let rows = await getJSON("/aggregates", params);
  const days = new Set(rows.map((r) => r.period)).size;
  if (days > 400) {
    interval = days > 1500 ? "month" : "week";
    params.set("interval", interval);
    rows = await getJSON("/aggregates", params);
  }
  if (!rows.length) {
    message(el, "No dated events match these filters.");
    el.dataset.bars = "0";
    el.dataset.ready = "1";
    return;
  }
  const periods = [...new Set(rows.map((r) => r.period))].sort();
  const keys = CATEGORIES.filter((c) => rows.some((r) => r.key === c));
  const { counts, cumulative } = stack(periods, rows, keys);
  const x = periods.map(epoch);
  const order = keys.map((_, i) => i).reverse(); // tallest (cumulative) drawn first
  const bars = uPlot.paths.bars({ size: [0.85, 24], align: 0 });
  const opts = {
    width: el.clientWidth || 900,
    height: 260,
    tzDate: (ts) => uPlot.tzDate(new Date(ts * 1e3), "Etc/UTC"),
    cursor: { drag: { x: true, y: false, setScale: false } },
    legend: { show: false },
    scales: { x: { time: true }, y: { range: (u, min, max) => [0, Math.max(1, max)] } },
    axes: [{}, { label: "events per " + interval }],
    series: [{}, ...order.map((i) => ({
      label: keys[i], stroke: CATEGORY_COLORS[keys[i]], fill: CATEGORY_COLORS[keys[i]],
      width: 0, paths: bars, points: { show: false },
    }))],
    hooks: {
      setSelect: [(u) => {
        if (u.select.width < 4) return;
        const from = u.posToVal(u.select.left, "x");
        const to = u.posToVal(u.select.left + u.select.width, "x");
        const here = new URLSearchParams(window.location.search);
        here.set("since", isoDay(from));
        here.set("until", isoDay(to));
        window.location.search = here.toString();
      }],
    },
  };
  const data = [x, ...order.map((i) => cumulative[i])];
  el.replaceChildren();
  const plot = new uPlot(opts, data, el);
  el.dataset.bars = String(counts.flat().filter((v) => v > 0).length);
  el.dataset.interval = interval;
  el.dataset.ready = "1";
  legend(document.getElementById("timeline-legend"), keys.map((k) => [k, CATEGORY_COLORS[k]]));
  window.addEventListener("resize", () => plot.setSize({ width: el.clientWidth, height: 260 }));
}

// -- the map: offline world outlines, points coloured by category -----------------------

const PRECISIONS = [
  ["town", 40], ["region", 60], ["country", 90], ["other", 60],
];

async function drawMap(el) {
  const map = L.map(el, { worldCopyJump: true, minZoom: 1, maxZoom: 12 }).setView([20, 10], 2);
  const outlines = await fetch("/static/vendor/world-atlas/countries-110m.json").then((r) => r.json());
  L.geoJSON(topojson.feature(outlines, outlines.objects.countries), {
    style: { color: "#8a9bab", weight: 0.6, fillColor: "#f6f4ee", fillOpacity: 1 },
    interactive: false,
  }).addTo(map);
  const toggle = document.getElementById("tiles");
  if (toggle) {
    // web tiles only on request (the server allows them with --tiles), never by default
    const tiles = L.tileLayer("https://tile.openstreetmap.org/{z}/{x}/{y}.png", {
      maxZoom: 18, attribution: "&copy; OpenStreetMap contributors",
    });
    toggle.addEventListener("change", () => (toggle.checked ? tiles.addTo(map) : tiles.remove()));
  }
  const places = await getJSON("/places", filterParams());
  const groups = {};
  const overlays = {};
  for (const [precision, radius] of PRECISIONS) {
    groups[precision] = L.markerClusterGroup({ maxClusterRadius: radius, showCoverageOnHover: false });
    overlays[precision] = groups[precision];
  }
  const bounds = [];
  for (const place of places) {
    const precision = groups[place.precision] ? place.precision : "other";
    const marker = L.circleMarker([place.lat, place.lon], {
      radius: 5 + Math.min(10, Math.log2(place.count) * 2),
      color: "#333", weight: 1,
      fillColor: CATEGORY_COLORS[place.event] || "#777", fillOpacity: 0.85,
      className: "event-point",
    });
    const link = new URLSearchParams(filterParams());
    link.set("type", place.event);
    const d = 0.01;
    link.set("bbox", [place.lon - d, place.lat - d, place.lon + d, place.lat + d].map((v) => v.toFixed(4)).join(","));
    const popup = document.createElement("div");
    const title = document.createElement("strong");
    title.textContent = `${place.name || "?"}${place.country ? " (" + place.country + ")" : ""}`;
    const anchor = document.createElement("a");
    anchor.href = "/events?" + link.toString();
    anchor.textContent = `${place.count} ${place.event} event${place.count > 1 ? "s" : ""}`;
    popup.append(title, document.createElement("br"), anchor, document.createTextNode(` · ${place.precision || "?"} precision`));
    marker.bindPopup(popup);
    groups[precision].addLayer(marker);
    bounds.push([place.lat, place.lon]);
  }
  for (const group of Object.values(groups)) group.addTo(map);
  L.control.layers(null, overlays, { collapsed: true }).addTo(map);
  if (bounds.length) map.fitBounds(bounds, { padding: [30, 30], maxZoom: 6 });
  el.dataset.points = String(places.length);
  el.dataset.ready = "1";
  const status = document.getElementById("map-status");
  if (status) status.textContent = `${places.length} places`;
}

// -- the actors page: conflict and cooperation per month --------------------------------

async function drawBalance(el) {
  const params = filterParams();
  params.set("interval", "month");
  params.set("by", "quad");
  const rows = await getJSON("/aggregates", params);
  if (!rows.length) {
    message(el, "No dated events match these filters.");
    el.dataset.ready = "1";
    return;
  }
  const periods = [...new Set(rows.map((r) => r.period))].sort();
  const keys = Object.keys(QUAD_COLORS).filter((q) => rows.some((r) => r.key === q));
  const { counts } = stack(periods, rows, keys);
  const opts = {
    width: el.clientWidth || 900,
    height: 240,
    tzDate: (ts) => uPlot.tzDate(new Date(ts * 1e3), "Etc/UTC"),
    scales: { x: { time: true } },
    axes: [{}, { label: "events per month" }],
    series: [{}, ...keys.map((k) => ({ label: k, stroke: QUAD_COLORS[k], width: 2 }))],
  };
  el.replaceChildren();
  new uPlot(opts, [periods.map(epoch), ...counts], el);
  el.dataset.ready = "1";
}

// -- the figures page: one series, each point with its source ---------------------------

async function drawSeries(el) {
  const params = new URLSearchParams();
  if (el.dataset.category) params.set("category", el.dataset.category);
  if (el.dataset.who) params.set("who", el.dataset.who);
  if (!el.dataset.category) {
    message(el, "No figures stored.");
    el.dataset.ready = "1";
    return;
  }
  const points = (await getJSON("/figures/series", params)).filter((p) => p.date && p.date.length === 10);
  if (!points.length) {
    message(el, "No dated figures in this series.");
    el.dataset.ready = "1";
    return;
  }
  points.sort((a, b) => a.date.localeCompare(b.date));
  const opts = {
    width: el.clientWidth || 900,
    height: 240,
    tzDate: (ts) => uPlot.tzDate(new Date(ts * 1e3), "Etc/UTC"),
    scales: { x: { time: true } },
    series: [{}, {
      label: el.dataset.category, stroke: "#d7301f", width: 1,
      points: { show: true, size: 8, fill: "#d7301f" },
      value: (u, v, si, i) => (i == null ? "–" : `${v} (${points[i].source || "source not named"})`),
    }],
  };
  el.replaceChildren();
  new uPlot(opts, [points.map((p) => epoch(p.date)), points.map((p) => p.value)], el);
  el.dataset.ready = "1";
}

function run(id, draw) {
  const el = document.getElementById(id);
  if (!el) return;
  draw(el).catch((err) => {
    console.error(err);
    message(el, "Could not draw this: " + (err && err.message ? err.message : err));
    el.dataset.ready = "error";
  });
}

document.addEventListener("DOMContentLoaded", () => {
  colorCategoryBadges();
  const page = document.body.dataset.page;
  if (page === "overview") {
    run("timeline", drawTimeline);
    run("map", drawMap);
  } else if (page === "actors") {
    run("balance", drawBalance);
  } else if (page === "figures") {
    run("series", drawSeries);
  }
});
