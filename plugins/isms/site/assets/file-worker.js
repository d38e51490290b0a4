/*
 * isms-docs — search in a snapshot opened from file://.
 *
 * Browsers refuse `new Worker(url)` on file:// pages, so Material for MkDocs' search worker cannot
 * start there. This script, loaded only in snapshots and only acting on file:// pages, puts a
 * stand-in for Worker in place: it runs the worker's script in a hidden iframe of the same page and
 * carries messages both ways, so the search runs as it would in a real worker.
 */
(function () {
  "use strict";

  if (window.location.protocol !== "file:") {
    return;
  }

  function loadScript(doc, url) {
    return new Promise(function (resolve, reject) {
      var script = doc.createElement("script");
      script.src = url;
      script.onload = function () { resolve(); };
      script.onerror = function () { reject(new Error("could not load " + url)); };
      doc.body.appendChild(script);
    });
  }

  function FrameWorker(url) {
    var self = this;
    var target = new EventTarget();
    var address = new URL(String(url), window.location.href).href;

    this.onmessage = null;
    this.onerror = null;
    this.addEventListener = target.addEventListener.bind(target);
    this.removeEventListener = target.removeEventListener.bind(target);
    this.dispatchEvent = target.dispatchEvent.bind(target);

    this.frame = document.createElement("iframe");
    this.frame.hidden = true;
    this.frame.setAttribute("aria-hidden", "true");
    document.body.appendChild(this.frame);

    var scope = this.frame.contentWindow;
    scope.document.open();
    scope.document.write("<!doctype html><html><head></head><body></body></html>");
    scope.document.close();

    // What the worker's script calls as its own global functions reaches this object instead.
    scope.postMessage = function (data) {
      var event = new MessageEvent("message", { data: structuredClone(data) });
      self.dispatchEvent(event);
      if (typeof self.onmessage === "function") {
        self.onmessage(event);
      }
    };
    scope.importScripts = function () {
      var urls = Array.prototype.slice.call(arguments);
      return urls.reduce(function (done, next) {
        return done.then(function () { return loadScript(scope.document, new URL(next, address).href); });
      }, Promise.resolve());
    };
    scope.addEventListener("error", function (problem) {
      var event = new ErrorEvent("error", { message: problem.message, filename: address, error: problem.error });
      self.dispatchEvent(event);
      if (typeof self.onerror === "function") {
        self.onerror(event);
      }
    });

    // Messages sent before the script has loaded wait for it, as they would for a real worker.
    this.ready = loadScript(scope.document, address);
  }

  FrameWorker.prototype.postMessage = function (data) {
    var scope = this.frame.contentWindow;
    this.ready.then(function () {
      scope.dispatchEvent(new MessageEvent("message", { data: structuredClone(data) }));
    });
  };

  FrameWorker.prototype.terminate = function () {
    this.frame.remove();
  };

  window.Worker = FrameWorker;
})();
