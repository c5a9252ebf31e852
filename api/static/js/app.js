/* QA Engine pages: small progressive enhancements. Every page works without this file; it adds the
   audio/transcript sync, the charts, the YAML editor's line numbers and htmx's CSRF header. */
(function () {
  "use strict";

  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute("content") : "";
  }

  // htmx requests carry the session's CSRF token as a header (forms also carry it as a field).
  document.addEventListener("htmx:configRequest", function (event) {
    event.detail.headers["X-CSRF-Token"] = csrfToken();
  });

  function clock(seconds) {
    seconds = Math.max(0, Math.floor(seconds || 0));
    var m = Math.floor(seconds / 60), s = seconds % 60;
    return m + ":" + (s < 10 ? "0" : "") + s;
  }

  /* ------------------------------------------------------------ audio player synced to the transcript */
  function setupPlayer() {
    var audio = document.getElementById("call-audio");
    var transcript = document.getElementById("transcript");
    if (!transcript) return;
    var lines = Array.prototype.slice.call(transcript.querySelectorAll(".line"));
    var position = document.getElementById("audio-pos");
    var current = null;

    function focusLine(index) {
      lines.forEach(function (l) { l.classList.remove("is-focus"); });
      var line = document.getElementById("seg-" + index);
      if (!line) return;
      line.classList.add("is-focus");
      line.scrollIntoView({ block: "nearest", behavior: "smooth" });
    }

    function seek(seconds, segment) {
      if (segment !== undefined && segment !== null && segment !== "") focusLine(segment);
      if (!audio) return;
      var go = function () {
        audio.currentTime = seconds;
        var played = audio.play();
        if (played && played.catch) played.catch(function () { /* autoplay refused: position still set */ });
      };
      if (audio.readyState >= 1) go();
      else { audio.addEventListener("loadedmetadata", go, { once: true }); audio.load(); }
    }

    document.addEventListener("click", function (event) {
      var button = event.target.closest(".seek-btn");
      if (button) {
        event.preventDefault();
        seek(parseFloat(button.getAttribute("data-seek")), button.getAttribute("data-segment"));
        return;
      }
      var line = event.target.closest(".line");
      if (line && transcript.contains(line) && !window.getSelection().toString()) {
        seek(parseFloat(line.getAttribute("data-start")), line.id.replace("seg-", ""));
      }
    });

    if (audio) {
      audio.addEventListener("timeupdate", function () {
        var t = audio.currentTime, found = null;
        for (var i = 0; i < lines.length; i++) {
          var start = parseFloat(lines[i].getAttribute("data-start"));
          if (start <= t + 0.05) found = lines[i]; else break;
        }
        if (found !== current) {
          if (current) { current.classList.remove("is-current"); current.removeAttribute("aria-current"); }
          if (found) { found.classList.add("is-current"); found.setAttribute("aria-current", "true"); }
          current = found;
        }
        if (position) position.textContent = " · " + clock(t) + (isFinite(audio.duration) ? " / " + clock(audio.duration) : "");
      });
    }

    // Links from scorecards end in #t=12.3: start there.
    var match = /#t=([0-9.]+)/.exec(window.location.hash);
    if (match) {
      var t = parseFloat(match[1]);
      var target = null;
      lines.forEach(function (l) { if (parseFloat(l.getAttribute("data-start")) <= t + 0.05) target = l; });
      if (target) focusLine(target.id.replace("seg-", ""));
      if (audio) {
        var set = function () { audio.currentTime = t; };
        if (audio.readyState >= 1) set(); else audio.addEventListener("loadedmetadata", set, { once: true });
      }
    }
  }

  /* ------------------------------------------------------------ charts (Chart.js, data from JSON islands) */
  function setupCharts() {
    if (typeof window.Chart === "undefined") return;
    var css = getComputedStyle(document.documentElement);
    var brand = css.getPropertyValue("--brand").trim() || "#0d5c63";
    var accent = css.getPropertyValue("--accent").trim() || "#2457c5";
    Chart.defaults.font.family = css.getPropertyValue("--font");
    Chart.defaults.color = "#5b6776";
    document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
      var island = document.getElementById(canvas.getAttribute("data-chart"));
      if (!island) return;
      var spec = JSON.parse(island.textContent);
      var config;
      if (spec.type === "line") {
        config = {
          type: "line",
          data: { labels: spec.labels, datasets: spec.series.map(function (s, i) {
            var color = i === 0 ? brand : accent;
            return { label: s.label, data: s.data, borderColor: color, backgroundColor: color + "22",
                     fill: i === 0, tension: 0.25, spanGaps: true, pointRadius: 4, borderDash: i === 0 ? [] : [5, 4] };
          }) },
          options: { maintainAspectRatio: false, animation: false,
                     scales: { y: { min: 0, max: spec.max || 100, grid: { color: "#eef1f5" } }, x: { grid: { display: false } } },
                     plugins: { legend: { position: "bottom", labels: { boxWidth: 12 } } } }
        };
      } else {
        config = {
          type: "bar",
          data: { labels: spec.labels, datasets: [{ label: spec.label, data: spec.data, borderRadius: 4,
                  backgroundColor: spec.data.map(function (v) { return v === null ? "#ccc" : v >= 80 ? "#1c7c44" : v >= 60 ? "#c27c0e" : "#b3261e"; }) }] },
          options: { indexAxis: "y", maintainAspectRatio: false, animation: false,
                     scales: { x: { min: 0, max: 100, grid: { color: "#eef1f5" } }, y: { grid: { display: false } } },
                     plugins: { legend: { display: false } } }
        };
      }
      new Chart(canvas, config);
    });
  }

  /* ------------------------------------------------------------ YAML editor: line numbers, error jumps */
  function setupEditor() {
    var editor = document.getElementById("rubric-yaml");
    var gutter = document.getElementById("rubric-gutter");
    if (!editor || !gutter) return;
    var errorLines = {};
    (gutter.getAttribute("data-error-lines") || "").split(",").forEach(function (n) { if (n) errorLines[n] = true; });
    function render() {
      var count = editor.value.split("\n").length, out = [];
      for (var i = 1; i <= count; i++) out.push(errorLines[i] ? '<span class="err">' + i + "</span>" : String(i));
      gutter.innerHTML = out.join("\n");
      gutter.scrollTop = editor.scrollTop;
    }
    editor.addEventListener("input", render);
    editor.addEventListener("scroll", function () { gutter.scrollTop = editor.scrollTop; });
    editor.addEventListener("keydown", function (event) {
      // Tab inserts two spaces (YAML indentation); Escape then Tab leaves the editor, as keyboard users expect.
      if (event.key === "Tab" && !event.shiftKey && !editor.dataset.escaped) {
        event.preventDefault();
        var s = editor.selectionStart, e = editor.selectionEnd;
        editor.value = editor.value.slice(0, s) + "  " + editor.value.slice(e);
        editor.selectionStart = editor.selectionEnd = s + 2;
        render();
      } else if (event.key === "Escape") {
        editor.dataset.escaped = "1";
      } else {
        delete editor.dataset.escaped;
      }
    });
    document.querySelectorAll("[data-goto-line]").forEach(function (button) {
      button.addEventListener("click", function () {
        var line = parseInt(button.getAttribute("data-goto-line"), 10), col = parseInt(button.getAttribute("data-goto-col") || "1", 10);
        var lines = editor.value.split("\n"), offset = 0;
        for (var i = 0; i < line - 1 && i < lines.length; i++) offset += lines[i].length + 1;
        offset += Math.max(0, col - 1);
        editor.focus();
        editor.setSelectionRange(offset, offset);
        var lineHeight = parseFloat(getComputedStyle(editor).lineHeight) || 20;
        editor.scrollTop = Math.max(0, (line - 4) * lineHeight);
      });
    });
    render();
  }

  document.addEventListener("DOMContentLoaded", function () {
    setupPlayer();
    setupCharts();
    setupEditor();
    // A form that failed validation moves focus to its first invalid field.
    var invalid = document.querySelector('[aria-invalid="true"]');
    if (invalid) invalid.focus();
  });
})();
