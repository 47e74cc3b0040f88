/*
 * Tidtam entry page (submissions/entry.html): nothing typed is lost.
 *
 * - Every change is copied to localStorage under "tidtam:entry:<submission id>:<version>" before
 *   anything is sent; the copy goes only once the server has saved it.
 * - Autosave posts the whole form (with the version it started from) a moment after typing stops.
 *   401 (session expired), 409 (someone saved first), a network error: the copy stays, a Thai message
 *   says what happened, and saving resumes (or the conflict view opens on request).
 * - On load, a copy that differs from what the server shows is put back into the form, with a notice;
 *   it is then saved against ITS version, so a newer saved version gives the conflict view, never an
 *   overwrite.
 * - X.2 rows: add, remove, up, down in place (the same buttons submit the form without JavaScript).
 * - Numbers: Thai digits become Arabic and thousands get separators when leaving a box.
 * Inline checks are htmx attributes on the number boxes (see the template).
 */
(function () {
  "use strict";

  var form = document.getElementById("entry-form");
  if (!form) return;

  var T = {};
  try {
    T = JSON.parse(document.getElementById("entry-strings").textContent);
  } catch (e) {
    T = {};
  }
  var id = form.dataset.submission;
  var autosaveUrl = form.dataset.autosaveUrl;
  var checkUrl = form.dataset.checkUrl;
  var versionInput = form.querySelector('input[name="version"]');
  var blankRowsInput = form.querySelector('input[name="blank_rows"]');
  var statusEl = document.getElementById("save-status");
  var notice = document.getElementById("local-notice");
  var list = document.getElementById("problem-rows");
  var rowTemplate = document.getElementById("problem-row-template");
  var PREFIX = "tidtam:entry:" + id + ":";
  var DELAY = 2000;
  var RETRY = 15000;
  var THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙";

  var timer = null;
  var inFlight = false;
  var dirty = false;
  var conflict = false;
  // Changes made without a connection (or brought back from the local copy) were typed against the
  // version this page showed: if the server has a newer one, the conflict view opens by itself.
  var offlineEdit = false;

  // --- text helpers ----------------------------------------------------------------------------------

  function arabic(s) {
    return String(s == null ? "" : s).replace(/[๐-๙]/g, function (d) {
      return String(THAI_DIGITS.indexOf(d));
    });
  }
  function norm(s) {
    return arabic(s).replace(/\r\n?/g, "\n").trim();
  }
  function normNumber(s) {
    var t = norm(s).replace(/[,\s]/g, "");
    if (t === "" || isNaN(Number(t))) return t;
    return String(Number(t));
  }
  function groupThousands(text) {
    var t = arabic(text).replace(/[\s,]/g, "");
    var m = /^([+-]?)(\d+)(\.\d+)?$/.exec(t);
    if (!m) return null;
    var whole = m[2].replace(/^0+(?=\d)/, "").replace(/\B(?=(\d{3})+(?!\d))/g, ",");
    return m[1] + whole + (m[3] || "");
  }

  // --- X.2 rows ----------------------------------------------------------------------------------------

  function rows() {
    return list ? Array.prototype.slice.call(list.querySelectorAll("[data-row]")) : [];
  }
  function renumber() {
    rows().forEach(function (li, i) {
      li.querySelectorAll("textarea[data-key]").forEach(function (t) {
        t.name = "problems-" + i + "-" + t.dataset.key;
      });
      li.querySelectorAll("button[data-row-action]").forEach(function (b) {
        b.value = b.dataset.rowAction + "-" + i;
      });
    });
    if (blankRowsInput) blankRowsInput.value = String(rows().length);
  }
  function newRow(data) {
    var li = rowTemplate.content.firstElementChild.cloneNode(true);
    li.querySelectorAll("textarea[data-key]").forEach(function (t) {
      t.value = (data && data[t.dataset.key]) || "";
    });
    list.appendChild(li);
    return li;
  }
  function setRows(data) {
    if (!list) return;
    list.innerHTML = "";
    (data && data.length ? data : [{}]).forEach(newRow);
    renumber();
  }

  form.addEventListener("click", function (ev) {
    var button = ev.target.closest("button[data-row-action]");
    if (!button || !list) return;
    ev.preventDefault();
    var action = button.dataset.rowAction;
    var li = button.closest("[data-row]");
    if (action === "add") {
      newRow().querySelector("textarea").focus();
    } else if (action === "remove" && li) {
      li.remove();
      if (!rows().length) newRow();
    } else if (action === "up" && li && li.previousElementSibling) {
      list.insertBefore(li, li.previousElementSibling);
      button.focus();
    } else if (action === "down" && li && li.nextElementSibling) {
      list.insertBefore(li.nextElementSibling, li);
      button.focus();
    }
    renumber();
    changed();
  });

  // --- the local copy ------------------------------------------------------------------------------

  function snapshot() {
    var fields = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.disabled || /^(submit|button|file|reset)$/.test(el.type)) return;
      if (el.name === "csrfmiddlewaretoken" || el.name === "version" || /^problems-\d+-/.test(el.name)) return;
      fields[el.name] = el.value;
    });
    var problems = rows().map(function (li) {
      var row = {};
      li.querySelectorAll("textarea[data-key]").forEach(function (t) {
        row[t.dataset.key] = t.value;
      });
      return row;
    });
    return { version: versionInput.value, at: Date.now(), fields: fields, problems: problems };
  }

  function cleanRows(list_) {
    return (list_ || [])
      .map(function (r) {
        return [norm(r.problem), norm(r.solution), norm(r.expected_result)];
      })
      .filter(function (r) {
        return r.join("") !== "";
      });
  }

  function sameAsForm(copy) {
    var current = snapshot();
    for (var name in copy.fields) {
      if (!Object.prototype.hasOwnProperty.call(current.fields, name)) {
        if (norm(copy.fields[name]) !== "") return false;
        continue;
      }
      var numeric = name.indexOf("value-") === 0;
      var a = numeric ? normNumber(copy.fields[name]) : norm(copy.fields[name]);
      var b = numeric ? normNumber(current.fields[name]) : norm(current.fields[name]);
      if (a !== b) return false;
    }
    return JSON.stringify(cleanRows(copy.problems)) === JSON.stringify(cleanRows(current.problems));
  }

  function localKeys() {
    var keys = [];
    try {
      for (var i = 0; i < localStorage.length; i++) {
        var k = localStorage.key(i);
        if (k && k.indexOf(PREFIX) === 0) keys.push(k);
      }
    } catch (e) {
      /* storage disabled */
    }
    return keys;
  }
  function clearLocal() {
    localKeys().forEach(function (k) {
      try {
        localStorage.removeItem(k);
      } catch (e) {
        /* ignore */
      }
    });
  }
  function saveLocal() {
    try {
      var copy = snapshot();
      clearLocal();
      localStorage.setItem(PREFIX + copy.version, JSON.stringify(copy));
    } catch (e) {
      /* storage full or disabled: autosave still runs */
    }
  }
  function findLocal() {
    var best = null;
    localKeys().forEach(function (k) {
      try {
        var copy = JSON.parse(localStorage.getItem(k));
        if (copy && copy.fields && (!best || copy.at > best.at)) best = copy;
      } catch (e) {
        /* a broken copy is ignored */
      }
    });
    return best;
  }

  function setField(name, value) {
    var el = form.elements.namedItem(name);
    if (!el) return;
    if (el.length !== undefined && !el.tagName) {
      Array.prototype.forEach.call(el, function (one) {
        one.value = value;
      });
    } else {
      el.value = value;
    }
  }

  function restore(copy) {
    setRows(copy.problems);
    for (var name in copy.fields) setField(name, copy.fields[name]);
    // Save against the version the typing started from: if someone saved since, the server answers
    // with a conflict instead of letting this copy overwrite their work.
    versionInput.value = String(copy.version);
    if (notice) {
      var when = new Date(copy.at).toLocaleString("th-TH", { dateStyle: "medium", timeStyle: "short" });
      notice.querySelector(".local-notice-text").textContent = (T.restored || "").replace("%s", when);
      notice.hidden = false;
    }
  }

  // --- autosave ------------------------------------------------------------------------------------

  function show(message, kind) {
    if (!statusEl) return;
    statusEl.textContent = message || "";
    statusEl.className = "save-status" + (kind ? " save-" + kind : "");
  }

  function showConflict(message) {
    if (!statusEl) return;
    show(message, "error");
    var button = document.createElement("button");
    button.type = "button";
    button.className = "button button-warn";
    button.textContent = form.dataset.conflictLabel || "";
    button.addEventListener("click", openConflictView);
    statusEl.appendChild(document.createTextNode(" "));
    statusEl.appendChild(button);
  }

  function openConflictView() {
    // A normal post with the stale version: the server shows both versions side by side. The page may
    // have come from the offline cache: the token is taken from the current cookie.
    var input = form.querySelector('input[name="csrfmiddlewaretoken"]');
    var token = csrfToken();
    if (input && token) input.value = token;
    form.submit();
  }

  function csrfToken() {
    var m = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    if (m) return decodeURIComponent(m[1]);
    var input = form.querySelector('input[name="csrfmiddlewaretoken"]');
    return input ? input.value : "";
  }

  function schedule(delay) {
    clearTimeout(timer);
    timer = setTimeout(autosave, delay == null ? DELAY : delay);
  }

  function changed() {
    dirty = true;
    if (navigator.onLine === false) offlineEdit = true;
    saveLocal();
    if (!conflict) show(T.unsaved || "", "pending");
    schedule();
  }

  function failed(message) {
    dirty = true;
    saveLocal();
    show(message, "error");
    schedule(RETRY);
  }

  function autosave() {
    if (!dirty || conflict) return;
    if (inFlight) {
      schedule();
      return;
    }
    inFlight = true;
    dirty = false;
    var sentVersion = versionInput.value;
    var body = new FormData(form);
    show(T.saving || "", "pending");
    fetch(autosaveUrl, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      redirect: "manual",
      headers: { "X-CSRFToken": csrfToken(), Accept: "application/json" },
    })
      .then(function (res) {
        return res
          .json()
          .catch(function () {
            return null;
          })
          .then(function (data) {
            return { res: res, data: data || {} };
          });
      })
      .then(function (r) {
        inFlight = false;
        if (r.res.ok && r.data.ok) {
          if (versionInput.value === sentVersion) versionInput.value = String(r.data.version);
          if (dirty) saveLocal();
          else clearLocal();
          if (notice) notice.hidden = true;
          show(r.data.message, r.data.errors && Object.keys(r.data.errors).length ? "warn" : "ok");
          refreshChecks();
        } else if (r.res.status === 409) {
          conflict = true;
          dirty = true;
          saveLocal();
          showConflict(r.data.message || T.conflict);
          if (offlineEdit) openConflictView();
        } else if (r.res.status === 401) {
          failed(r.data.message || T.session);
        } else {
          failed(r.data.message || (T.failed || "").replace("%s", String(r.res.status)));
        }
      })
      .catch(function () {
        inFlight = false;
        offlineEdit = true;
        failed(T.offline);
      });
  }

  // After every save (narratives too, not only numbers) the findings panels are checked again, so a
  // message such as "ยังไม่ได้เขียนผลการดำเนินงาน" never stays after the text is saved.
  function refreshChecks() {
    if (!checkUrl || !window.htmx) return;
    var panel = document.getElementById("value-checks");
    window.htmx.ajax("POST", checkUrl, {
      source: form,
      target: panel || "#submission-checks",
      swap: panel ? "innerHTML" : "none",
    });
  }

  form.addEventListener("input", changed);
  form.addEventListener("change", function (ev) {
    if (ev.target && ev.target.type !== "file") changed();
  });
  window.addEventListener("online", function () {
    if (dirty) schedule(0);
  });

  // Numbers: Thai digits accepted; shown with thousands separators once the box is left.
  form.addEventListener("focusout", function (ev) {
    var el = ev.target;
    if (!el.classList || !el.classList.contains("value-input")) return;
    var formatted = groupThousands(el.value);
    if (formatted !== null && formatted !== el.value) el.value = formatted;
  });

  // htmx (inline checks): a fresh CSRF token, and a Thai message when the check itself fails.
  document.body.addEventListener("htmx:configRequest", function (ev) {
    ev.detail.headers["X-CSRFToken"] = csrfToken();
  });
  document.body.addEventListener("htmx:responseError", function (ev) {
    var text = ev.detail.xhr && ev.detail.xhr.responseText;
    var message = "";
    try {
      message = JSON.parse(text).message;
    } catch (e) {
      var div = document.createElement("div");
      div.innerHTML = text || "";
      message = div.textContent.trim();
    }
    show(message || T.offline, "error");
  });

  if (notice) {
    var discard = notice.querySelector("[data-discard-local]");
    if (discard)
      discard.addEventListener("click", function () {
        clearLocal();
        window.location.reload();
      });
  }

  // On load: bring back what was typed and not saved.
  var copy = findLocal();
  if (copy) {
    if (sameAsForm(copy)) {
      clearLocal();
    } else {
      restore(copy);
      offlineEdit = true;
      dirty = true;
      schedule(300);
    }
  }
})();
