/* draftkit 工作台: job buttons and progress, the check and roll-forward forms, highlights, redraft. Plain JS, no build step. */
(function () {
  "use strict";
  var csrf = (document.querySelector('meta[name="csrf-token"]') || {}).content || "";

  function $(sel, root) { return (root || document).querySelector(sel); }
  function $all(sel, root) { return Array.prototype.slice.call((root || document).querySelectorAll(sel)); }
  function show(el, text) { if (!el) return; if (text !== undefined) el.textContent = text; el.classList.remove("hidden"); }
  function hide(el) { if (el) el.classList.add("hidden"); }

  function post(url, body) {
    var opts = { method: "POST", headers: { "X-CSRF-Token": csrf }, credentials: "same-origin" };
    if (body instanceof FormData) { opts.body = body; }
    else if (body) { opts.body = JSON.stringify(body); opts.headers["Content-Type"] = "application/json"; }
    return fetch(url, opts).then(function (r) {
      return r.text().then(function (t) {
        var data = {};
        try { data = t ? JSON.parse(t) : {}; } catch (e) { data = { error: "服务器返回了无法识别的内容（HTTP " + r.status + "）" }; }
        if (!r.ok) { throw new Error(data.error || ("请求失败（HTTP " + r.status + "）")); }
        return data;
      });
    });
  }

  /* ---- background jobs: the bar under the navigation, on every page ---- */
  var bar = $("#jobbar");
  var polling = null;

  function paintJob(job) {
    if (!bar || !job) return;
    bar.dataset.jobId = job.id;
    bar.dataset.jobState = job.state;
    bar.classList.remove("hidden", "running", "done", "failed");
    bar.classList.add(job.state);
    $(".job-title", bar).textContent = job.title;
    var pct = job.total ? (100 * job.done / job.total) : (job.state === "running" ? 0 : 100);
    var inner = $(".bar", bar);
    inner.style.width = pct.toFixed(1) + "%";
    inner.classList.toggle("indeterminate", job.state === "running" && !job.total);
    var text = job.state === "done" ? job.summary : (job.state === "failed" ? job.error : job.message);
    if (job.state === "running" && job.total) text = job.done + " / " + job.total + "　" + job.message;
    $(".job-msg", bar).textContent = text;
    $all("[data-job-start]").forEach(function (b) { b.disabled = job.state === "running"; });
  }

  function follow(jobId, onEnd) {
    if (polling) clearTimeout(polling);
    function tick() {
      fetch("/api/jobs/" + jobId, { credentials: "same-origin", cache: "no-store" })
        .then(function (r) { return r.json(); })
        .then(function (job) {
          paintJob(job);
          if (job.state === "running") { polling = setTimeout(tick, 700); }
          else if (onEnd) { onEnd(job); }
        })
        .catch(function () { polling = setTimeout(tick, 2000); });
    }
    tick();
  }

  function reloadSoon(job) { if (job.state === "done") setTimeout(function () { location.reload(); }, 1200); }

  var rollWait = $("#roll-wait");  // a roll forward's page shows its result (or error) once the job ends
  if (bar && bar.dataset.jobId && bar.dataset.jobState === "running") {
    // a reload while a job runs picks its progress up again
    follow(bar.dataset.jobId, rollWait ? function () { location.reload(); } : reloadSoon);
  }

  $all("[data-job-start]").forEach(function (button) {
    button.addEventListener("click", function () {
      var err = $("#job-error");
      hide(err);
      button.disabled = true;
      post(button.dataset.jobStart).then(function (data) {
        paintJob(data.job);
        follow(data.job.id, reloadSoon);
      }).catch(function (e) { button.disabled = false; show(err, e.message); });
    });
  });

  /* ---- 章节: redraft one section ---- */
  var redraft = $("#redraft");
  if (redraft) {
    redraft.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var msg = $("#redraft-msg");
      var button = $("button", redraft);
      var overwrite = $('[name="overwrite_edit"]', redraft);
      var body = { backend: $('[name="backend"]', redraft).value, model: $('[name="model"]', redraft).value.trim(),
                   overwrite_edit: !!(overwrite && overwrite.checked) };
      button.disabled = true;
      show(msg, "已提交，正在起草……");
      msg.classList.remove("error-text");
      post("/api/draft/" + encodeURIComponent(redraft.dataset.section), body).then(function (data) {
        paintJob(data.job);
        follow(data.job.id, function (job) {
          if (job.state === "done") { show(msg, job.summary); setTimeout(function () { location.reload(); }, 800); }
          else { button.disabled = false; msg.classList.add("error-text"); show(msg, job.error); }
        });
      }).catch(function (e) { button.disabled = false; msg.classList.add("error-text"); show(msg, e.message); });
    });
  }

  /* ---- 核对: the form ---- */
  var form = $("#check-form");
  if (form) {
    var fileInput = $('[name="file"]', form);
    if (fileInput) fileInput.addEventListener("change", function () { $('[name="source"][value="upload"]', form).checked = true; });
    var dataInput = $('[name="data"]', form);
    if (dataInput) dataInput.addEventListener("change", function () { $('[name="data_source"][value="upload"]', form).checked = true; });
    var reportSelect = $('[name="report"]', form);
    if (reportSelect) reportSelect.addEventListener("change", function () { $('[name="source"][value="report"]', form).checked = true; });

    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var err = $("#check-error");
      var busy = $("#check-busy");
      hide(err);
      var fd = new FormData();
      var source = ($('[name="source"]:checked', form) || {}).value;
      if (source === "report") { fd.append("report", reportSelect.value); }
      else if (fileInput.files.length) { fd.append("file", fileInput.files[0]); }
      else { show(err, "请选择要核对的文件。"); return; }
      var dataSource = ($('[name="data_source"]:checked', form) || {}).value;
      if (dataSource === "none") { fd.append("no_data", "1"); }
      else if (dataSource === "upload") {
        if (!dataInput.files.length) { show(err, "请选择数据文件，或改为使用项目的年度数据。"); return; }
        fd.append("data", dataInput.files[0]);
      }
      var button = $("button[type=submit]", form);
      button.disabled = true;
      show(busy);
      post("/check", fd).then(function (data) { location.href = data.url; })
        .catch(function (e) { button.disabled = false; hide(busy); show(err, e.message); });
    });
  }

  /* ---- 滚动更新: the form (roll forward, or only the fill-in workbook) and the workbook button ---- */
  var rollForm = $("#roll-form");
  if (rollForm) {
    var rollData = $('[name="data"]', rollForm);
    rollData.addEventListener("change", function () { $('[name="data_source"][value="upload"]', rollForm).checked = true; });
    var submitRoll = function (workbookOnly) {
      var err = $("#roll-error");
      hide(err);
      var file = $('[name="file"]', rollForm);
      if (!file.files.length) { show(err, "请选择上年的报告。"); return; }
      var fd = new FormData();
      fd.append("file", file.files[0]);
      if (!workbookOnly && ($('[name="data_source"]:checked', rollForm) || {}).value === "upload") {
        if (!rollData.files.length) { show(err, "请选择数据文件，或改为使用项目的年度数据。"); return; }
        fd.append("data", rollData.files[0]);
      }
      var buttons = $all("button", rollForm);
      buttons.forEach(function (b) { b.disabled = true; });
      show($("#roll-busy"), workbookOnly ? "正在生成填报工作簿……" : "正在上传……");
      post("/rollforward" + (workbookOnly ? "?action=workbook" : ""), fd).then(function (data) { location.href = data.url; })
        .catch(function (e) { buttons.forEach(function (b) { b.disabled = false; }); hide($("#roll-busy")); show(err, e.message); });
    };
    rollForm.addEventListener("submit", function (ev) { ev.preventDefault(); submitRoll(false); });
    $("#roll-workbook").addEventListener("click", function () { submitRoll(true); });
  }
  var makeWorkbook = $("#make-workbook");
  if (makeWorkbook) {
    makeWorkbook.addEventListener("click", function () {
      var err = $("#workbook-error");
      hide(err);
      makeWorkbook.disabled = true;
      makeWorkbook.textContent = "正在生成填报工作簿……";
      post(makeWorkbook.dataset.url).then(function (data) {
        var box = $("#workbook");
        $(".wb-name", box).textContent = data.name;
        $(".wb-summary", box).textContent = data.summary;
        show(box);
        makeWorkbook.textContent = "重新生成填报工作簿";
        makeWorkbook.disabled = false;
      }).catch(function (e) { makeWorkbook.disabled = false; makeWorkbook.textContent = "生成填报工作簿"; show(err, e.message); });
    });
  }

  /* ---- 核对结果: highlights ---- */
  var tip = $("#tip");
  function showTip(mark) {
    if (!tip) return;
    tip.textContent = mark.dataset.tip;
    var r = mark.getBoundingClientRect();
    tip.style.left = Math.max(8, Math.min(window.innerWidth - 380, r.left + window.scrollX)) + "px";
    tip.style.top = (r.bottom + window.scrollY + 6) + "px";
    show(tip);
  }
  $all("mark.fig[data-tip]").forEach(function (m) {
    m.removeAttribute("title");  // the click/hover panel replaces the browser tooltip
    m.addEventListener("mouseenter", function () { showTip(m); });
    m.addEventListener("mouseleave", function () { hide(tip); });
    m.addEventListener("click", function () { showTip(m); });
    m.addEventListener("focus", function () { showTip(m); });
    m.addEventListener("blur", function () { hide(tip); });
  });
  $all("[data-goto]").forEach(function (a) {
    a.addEventListener("click", function (ev) {
      var target = document.getElementById(a.dataset.goto);
      if (!target) return;
      ev.preventDefault();
      target.scrollIntoView({ behavior: "smooth", block: "center" });
      target.classList.remove("flash");
      void target.offsetWidth;
      target.classList.add("flash");
      setTimeout(function () { showTip(target); }, 400);
    });
  });
  var showOk = $("#show-ok");
  if (showOk) showOk.addEventListener("change", function () {
    $("#doc-text").classList.toggle("hide-ok", !showOk.checked);
  });
})();
