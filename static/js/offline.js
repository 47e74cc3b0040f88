/*
 * Tidtam offline support, on every page (web/base.html): the banner, the service worker, the queue.
 *
 * - A Thai banner says when the browser has no connection (and goes when it returns).
 * - Registers /sw.js (static/js/sw.js) for the whole site and tells it who is signed in, so one user's
 *   kept pages are never shown to another; on the work list (/work/) it asks the worker to keep the
 *   assigned entry pages (the links on that page) and their static files for use offline.
 * - Logging out empties the page cache before the logout is sent.
 * - The queue: entry.js keeps unsent changes in localStorage ("tidtam:entry:<id>:<version>"). When the
 *   connection returns, copies of forms other than the one on screen are sent, oldest first, to the same
 *   autosave endpoint with the version they started from; a copy the server refuses as a conflict stays,
 *   and opening that form leads to the conflict view (entry.js).
 */
(function () {
  "use strict";

  var script = document.currentScript;
  if (!script) return;
  var cfg = script.dataset;
  var user = cfg.user || "";
  var banner = document.getElementById("offline-banner");
  var ENTRY_PREFIX = "tidtam:entry:";
  var entryPath = new RegExp("^" + (cfg.entryPrefix || "/submissions/") + "(\\d+)/$");

  // --- the banner ----------------------------------------------------------------------------------

  function showState() {
    var offline = navigator.onLine === false;
    document.documentElement.classList.toggle("is-offline", offline);
    if (banner) banner.hidden = !offline;
  }
  window.addEventListener("online", showState);
  window.addEventListener("offline", showState);
  showState();

  // --- the service worker --------------------------------------------------------------------------

  var sw = "serviceWorker" in navigator && window.isSecureContext && cfg.swUrl ? navigator.serviceWorker : null;

  function tell(message) {
    if (!sw) return Promise.resolve();
    return sw.ready.then(function (reg) {
      if (reg.active) reg.active.postMessage(message);
    });
  }

  function assignedForms() {
    var seen = {};
    Array.prototype.forEach.call(document.querySelectorAll("main a[href]"), function (a) {
      var url = new URL(a.href, window.location.href);
      if (url.origin === window.location.origin && entryPath.test(url.pathname)) seen[url.pathname] = true;
    });
    return Object.keys(seen);
  }

  if (sw) {
    sw.addEventListener("message", function (event) {
      var type = event.data && event.data.type;
      if (type === "tidtam:precache:done" || type === "tidtam:user:done") {
        document.documentElement.dataset.offlineReady = "1"; // for the curious (and the browser tests)
      }
    });
    var query = "?static=" + encodeURIComponent(cfg.static || "/static/") + "&work=" + encodeURIComponent(cfg.workUrl || "/work/");
    // After the page has loaded, so that keeping the forms never slows the page being opened.
    var loaded = new Promise(function (resolve) {
      if (document.readyState === "complete") resolve();
      else window.addEventListener("load", resolve);
    });
    loaded
      .then(function () {
        return sw.register(cfg.swUrl + query, { scope: "/" });
      })
      .then(function () {
        if (user && cfg.workUrl && window.location.pathname === cfg.workUrl && navigator.onLine !== false) {
          return tell({ type: "precache", user: user, urls: assignedForms() });
        }
        return tell({ type: "user", user: user });
      })
      .catch(function () {
        /* no worker (private mode, old browser): the site works online as before */
      });
  }

  // Logging out forgets the kept pages first, so the next person on this device sees none of them.
  function forgetPages() {
    var jobs = [tell({ type: "forget" })];
    if (window.caches) {
      jobs.push(
        caches.keys().then(function (names) {
          return Promise.all(
            names
              .filter(function (n) {
                return n.indexOf("tidtam-pages") === 0;
              })
              .map(function (n) {
                return caches.delete(n);
              })
          );
        })
      );
    }
    var timeout = new Promise(function (resolve) {
      setTimeout(resolve, 1500);
    });
    return Promise.race([Promise.all(jobs), timeout]);
  }

  document.addEventListener("submit", function (ev) {
    var form = ev.target;
    if (!form.classList || !form.classList.contains("logout-form") || form.dataset.forgotten) return;
    ev.preventDefault();
    forgetPages().then(
      function () {
        form.dataset.forgotten = "1";
        form.submit();
      },
      function () {
        form.dataset.forgotten = "1";
        form.submit();
      }
    );
  });

  // --- the queue: unsent changes of other forms, sent when the connection returns ------------------

  function csrfToken() {
    var m = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return m ? decodeURIComponent(m[1]) : "";
  }

  function queued() {
    var onScreen = document.getElementById("entry-form");
    var current = onScreen ? onScreen.dataset.submission : null;
    var copies = [];
    try {
      for (var i = 0; i < localStorage.length; i++) {
        var key = localStorage.key(i);
        var m = key && /^tidtam:entry:(\d+):(\d+)$/.exec(key);
        if (!m || m[1] === current) continue; // the form on screen saves itself (entry.js)
        var copy = JSON.parse(localStorage.getItem(key));
        if (copy && copy.fields && !copy.conflict) copies.push({ key: key, id: m[1], copy: copy });
      }
    } catch (e) {
      return [];
    }
    return copies.sort(function (a, b) {
      return a.copy.at - b.copy.at;
    });
  }

  function body(copy) {
    var data = new FormData();
    data.append("version", String(copy.version));
    Object.keys(copy.fields).forEach(function (name) {
      data.append(name, copy.fields[name]);
    });
    (copy.problems || []).forEach(function (row, i) {
      Object.keys(row).forEach(function (k) {
        data.append("problems-" + i + "-" + k, row[k]);
      });
    });
    return data;
  }

  function send(entry) {
    var url = (cfg.autosaveUrl || "/submissions/0/autosave/").replace("/0/", "/" + entry.id + "/");
    return fetch(url, {
      method: "POST",
      body: body(entry.copy),
      credentials: "same-origin",
      redirect: "manual",
      headers: { "X-CSRFToken": csrfToken(), Accept: "application/json" },
    }).then(function (res) {
      if (res.ok) {
        localStorage.removeItem(entry.key);
      } else if (res.status === 409) {
        entry.copy.conflict = true; // kept; opening the form shows the conflict view
        localStorage.setItem(entry.key, JSON.stringify(entry.copy));
      }
    });
  }

  var replaying = false;
  function replay() {
    if (replaying || navigator.onLine === false || !user) return;
    var list = queued();
    if (!list.length) return;
    replaying = true;
    list
      .reduce(function (chain, entry) {
        return chain.then(function () {
          return send(entry);
        });
      }, Promise.resolve())
      .catch(function () {
        /* the connection dropped again: the rest waits for the next "online" */
      })
      .then(function () {
        replaying = false;
      });
  }
  window.addEventListener("online", replay);
  replay();
})();
