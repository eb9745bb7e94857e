// The kiosk's two optional helpers (the page works without them):
// 1. "Quét mã QR": reads the QR code of the receipt with the tablet's camera (BarcodeDetector,
//    where the browser has it) and fills the dossier code field.
// 2. The thank-you screen goes back to the start by itself after 20 seconds.
(function () {
  var back = document.querySelector('[data-kiosk-return]');
  if (back) { setTimeout(function () { location.href = back.getAttribute('href'); }, 20000); }
  var btn = document.getElementById('kiosk-scan');
  var field = document.getElementById('f-code');
  if (!btn || !field || !('BarcodeDetector' in window) || !navigator.mediaDevices) { return; }
  btn.hidden = false;
  btn.addEventListener('click', function () {
    var video = document.createElement('video');
    video.setAttribute('playsinline', '');
    video.setAttribute('aria-label', btn.textContent);
    btn.parentNode.insertBefore(video, btn.nextSibling);
    var detector = new window.BarcodeDetector({ formats: ['qr_code'] });
    navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' } }).then(function (stream) {
      video.srcObject = stream; video.play();
      var tick = function () {
        detector.detect(video).then(function (codes) {
          if (codes.length) {
            var text = codes[0].rawValue, m = /[?&]ma=([^&]+)/.exec(text);
            field.value = decodeURIComponent(m ? m[1] : text).trim();
            stream.getTracks().forEach(function (t) { t.stop(); });
            video.remove();
            field.form.submit();
          } else { requestAnimationFrame(tick); }
        }).catch(function () { requestAnimationFrame(tick); });
      };
      tick();
    }).catch(function () { video.remove(); });
  });
})();
