// Webcam capture for desks without a scanner (progressive enhancement: without this script the
// file input still opens the phone camera through `capture`). Each "Chụp trang" adds one JPEG
// to the component's file input, so the server assembles the pages into one PDF (pages = images).
(function () {
  if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia || typeof DataTransfer === 'undefined') return;
  document.querySelectorAll('[data-camera-for]').forEach(function (box) {
    var input = document.getElementById(box.getAttribute('data-camera-for'));
    if (!input) return;
    var start = document.createElement('button');
    start.type = 'button';
    start.className = 'button button--secondary';
    start.textContent = box.getAttribute('data-label-start') || 'Webcam';
    box.appendChild(start);
    start.addEventListener('click', function () {
      navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' } }).then(function (stream) {
        var video = document.createElement('video');
        video.className = 'cam';
        video.autoplay = true; video.playsInline = true; video.srcObject = stream;
        var shot = document.createElement('button');
        shot.type = 'button'; shot.className = 'button';
        shot.textContent = box.getAttribute('data-label-shot') || 'Capture page';
        var count = document.createElement('span');
        count.setAttribute('role', 'status');
        var files = new DataTransfer();
        Array.prototype.forEach.call(input.files, function (f) { files.items.add(f); });
        shot.addEventListener('click', function () {
          var c = document.createElement('canvas');
          c.width = video.videoWidth; c.height = video.videoHeight;
          c.getContext('2d').drawImage(video, 0, 0);
          c.toBlob(function (b) {
            files.items.add(new File([b], 'trang-' + (files.files.length + 1) + '.jpg', { type: 'image/jpeg' }));
            input.files = files.files;
            count.textContent = ' ' + files.files.length + ' ' + (box.getAttribute('data-label-pages') || 'pages');
          }, 'image/jpeg', 0.85);
        });
        box.replaceChild(video, start);
        box.appendChild(shot); box.appendChild(count);
      }).catch(function () { start.disabled = true; });
    });
  });
})();
