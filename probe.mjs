import http from 'node:http';
import fs from 'node:fs';
import { execFileSync } from 'node:child_process';
import { chromium } from '@playwright/test';
const srv = http.createServer((q, r) => r.end('<html><body>x</body></html>')).listen(0, '127.0.0.1');
await new Promise(r => srv.once('listening', r));
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--use-fake-ui-for-media-stream','--use-fake-device-for-media-stream','--no-sandbox','--disable-gpu', ...(process.env.EXTRA ? process.env.EXTRA.split(' ') : [])] });
const p = await b.newPage();
await p.goto(`http://127.0.0.1:${srv.address().port}/`);
for (const [label, mime, h, bps] of [['h264 1080p', 'video/mp4;codecs=avc1,opus', 1080, 5e6], ['h264 720p', 'video/mp4;codecs=avc1,opus', 720, 2.5e6], ['vp8 1080p', 'video/webm;codecs=vp8,opus', 1080, 5e6], ['vp9 1080p', 'video/webm;codecs=vp9,opus', 1080, 5e6]]) {
  const b64 = await p.evaluate(async ([mime, h, bps]) => {
    const s = await navigator.mediaDevices.getDisplayMedia({ video: { width: { ideal: h * 16 / 9 }, height: { ideal: h }, frameRate: { ideal: 30 } } });
    const rec = new MediaRecorder(s, { mimeType: mime, videoBitsPerSecond: bps, videoKeyFrameIntervalDuration: 2000 });
    const chunks = [];
    rec.ondataavailable = (e) => chunks.push(e.data);
    rec.start(1000);
    await new Promise(r => setTimeout(r, 8000));
    await new Promise(r => { rec.onstop = r; rec.stop(); });
    s.getTracks().forEach(t => t.stop());
    const buf = new Uint8Array(await new Blob(chunks).arrayBuffer());
    let bin = ''; for (let i = 0; i < buf.length; i += 0x8000) bin += String.fromCharCode(...buf.subarray(i, i + 0x8000));
    return btoa(bin);
  }, [mime, h, bps]);
  fs.writeFileSync('/tmp/probe.bin', Buffer.from(b64, 'base64'));
  const n = execFileSync('ffprobe', ['-v','error','-select_streams','v','-count_packets','-show_entries','stream=nb_read_packets,width,height:format=duration','-of','compact','/tmp/probe.bin']).toString().trim();
  console.log(label, n.replace(/\n/g, ' '));
}
await b.close(); srv.close();
