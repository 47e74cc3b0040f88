/*
 * Tidtam service worker (served at /sw.js, scope "/"): the reporter's forms open without a connection.
 *
 * - Pages: network first. Only the signed-in user's assigned entry pages and their work list are kept,
 *   and only after the page told the worker who is signed in ("user" / "precache" messages from
 *   static/js/offline.js); without a connection a kept page is served from the cache, any other page
 *   gets a short Thai notice.
 * - One user's pages are never shown to another: the page cache is emptied whenever the signed-in user
 *   changes (login page, a different user, logout) before anything of the new user is kept.
 * - Static files (/static/…): cache first; their names change with their content in production.
 * - Nothing but GET is touched: autosave posts go to the network, and entry.js keeps what could not be
 *   sent and sends it again when the connection returns.
 */
/* eslint-env serviceworker */
"use strict";

var VERSION = "1";
var STATIC_CACHE = "tidtam-static-v" + VERSION;
var PAGE_CACHE = "tidtam-pages-v" + VERSION;
var OWNER_KEY = "/__tidtam__/owner"; // who the kept pages belong to (a synthetic cache entry)
var params = new URL(self.location.href).searchParams;
var STATIC_PREFIX = params.get("static") || "/static/";
var WORK_PATH = params.get("work") || "/work/";
var ASSET_PATTERN = /(?:src|href)="([^"]+)"/g;

var OFFLINE_PAGE =
  '<!DOCTYPE html><html lang="th"><head><meta charset="utf-8">' +
  '<meta name="viewport" content="width=device-width, initial-scale=1">' +
  "<title>ออฟไลน์ · ติดตาม</title></head><body>" +
  "<main><h1>ขณะนี้ไม่มีการเชื่อมต่ออินเทอร์เน็ต</h1>" +
  "<p>หน้านี้ยังไม่ได้เก็บไว้ในเครื่องนี้ จึงเปิดแบบออฟไลน์ไม่ได้ " +
  "แบบรายงานที่ได้รับมอบหมายเปิดได้จาก <a href=\"" + WORK_PATH + "\">งานของฉัน</a></p></main></body></html>";

self.addEventListener("install", function () {
  self.skipWaiting();
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches
      .keys()
      .then(function (names) {
        return Promise.all(
          names
            .filter(function (name) {
              return name.indexOf("tidtam-") === 0 && name !== STATIC_CACHE && name !== PAGE_CACHE;
            })
            .map(function (name) {
              return caches.delete(name);
            })
        );
      })
      .then(function () {
        return self.clients.claim();
      })
  );
});

// --- whose pages are kept ------------------------------------------------------------------------

function owner() {
  return caches
    .open(PAGE_CACHE)
    .then(function (cache) {
      return cache.match(OWNER_KEY);
    })
    .then(function (res) {
      return res ? res.text() : null;
    });
}

// The page cache holds one user's pages: a different user (or nobody) empties it first.
function setOwner(user) {
  user = user || "";
  return owner().then(function (current) {
    if (current === user) return;
    return caches.delete(PAGE_CACHE).then(function () {
      if (!user) return;
      return caches.open(PAGE_CACHE).then(function (cache) {
        return cache.put(OWNER_KEY, new Response(user));
      });
    });
  });
}

function pageKey(url) {
  var u = new URL(url, self.location.href);
  return u.origin + u.pathname; // "?blank=2" or "#problems" is the same page
}

function keepable(res) {
  return res && res.ok && !res.redirected && res.type === "basic";
}

// --- pre-caching the assigned forms ------------------------------------------------------------------

function cacheAssets(html) {
  var urls = [];
  var m;
  ASSET_PATTERN.lastIndex = 0;
  while ((m = ASSET_PATTERN.exec(html))) {
    var url = new URL(m[1].replace(/&amp;/g, "&"), self.location.href);
    if (url.origin === self.location.origin && url.pathname.indexOf(STATIC_PREFIX) === 0) urls.push(url.href);
  }
  return caches.open(STATIC_CACHE).then(function (cache) {
    return Promise.all(
      urls.map(function (url) {
        return cache.match(url).then(function (hit) {
          if (hit) return;
          return fetch(url).then(function (res) {
            if (keepable(res)) return cache.put(url, res);
          });
        });
      })
    );
  });
}

function precache(user, urls) {
  return setOwner(user).then(function () {
    if (!user) return;
    var wanted = {};
    urls.concat([WORK_PATH]).forEach(function (url) {
      wanted[pageKey(url)] = true;
    });
    return caches.open(PAGE_CACHE).then(function (cache) {
      // Forms no longer assigned are dropped.
      var drop = cache.keys().then(function (requests) {
        return Promise.all(
          requests
            .filter(function (req) {
              return pageKey(req.url) !== pageKey(OWNER_KEY) && !wanted[pageKey(req.url)];
            })
            .map(function (req) {
              return cache.delete(req);
            })
        );
      });
      // One page at a time: a visit to /work/ must not load the server with every form at once.
      var fill = Object.keys(wanted).reduce(function (chain, key) {
        return chain.then(function () {
          return keep(key);
        });
      }, Promise.resolve());
      function keep(key) {
        return fetch(key, { credentials: "same-origin" })
          .then(function (res) {
            if (!keepable(res)) return;
            return res
              .clone()
              .text()
              .then(function (html) {
                return owner().then(function (current) {
                  if (current !== user) return; // someone else signed in meanwhile
                  return Promise.all([cache.put(key, res), cacheAssets(html)]);
                });
              });
          })
          .catch(function () {
            /* offline or refused: what was kept stays */
          });
      }
      return Promise.all([drop, fill]);
    });
  });
}

self.addEventListener("message", function (event) {
  var data = event.data || {};
  var reply = function () {
    if (event.source) event.source.postMessage({ type: "tidtam:" + data.type + ":done" });
  };
  if (data.type === "user") {
    event.waitUntil(setOwner(data.user).then(reply));
  } else if (data.type === "precache") {
    event.waitUntil(precache(data.user, data.urls || []).then(reply, reply));
  } else if (data.type === "forget") {
    event.waitUntil(caches.delete(PAGE_CACHE).then(reply));
  }
});

// --- serving -----------------------------------------------------------------------------------------

function staticFirst(request) {
  return caches.open(STATIC_CACHE).then(function (cache) {
    return cache.match(request).then(function (hit) {
      if (hit) return hit;
      return fetch(request).then(function (res) {
        if (keepable(res)) cache.put(request, res.clone());
        return res;
      });
    });
  });
}

function pageNetworkFirst(request) {
  var key = pageKey(request.url);
  return fetch(request)
    .then(function (res) {
      // A kept page is refreshed on every visit, so offline shows what was last seen.
      if (keepable(res)) {
        var copy = res.clone();
        caches.open(PAGE_CACHE).then(function (cache) {
          return cache.match(key).then(function (hit) {
            if (hit) return cache.put(key, copy);
          });
        });
      }
      return res;
    })
    .catch(function () {
      return caches
        .open(PAGE_CACHE)
        .then(function (cache) {
          return cache.match(key);
        })
        .then(function (hit) {
          return (
            hit ||
            new Response(OFFLINE_PAGE, {
              status: 503,
              headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" },
            })
          );
        });
    });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") return;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.indexOf(STATIC_PREFIX) === 0) {
    event.respondWith(staticFirst(request));
  } else if (request.mode === "navigate") {
    event.respondWith(pageNetworkFirst(request));
  }
});
