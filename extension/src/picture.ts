/**
 * picture.html, in a tab: choose the picture behind the person for the current recording profile.
 * (A file chooser takes the focus, and the popup closes when it loses it.) The picture is kept as a
 * downscaled JPEG in the profile and, when a recording is under way, put behind the camera at once.
 */
import { MAX_BACKGROUND_IMAGE_CHARS } from '../../lib/record/browser/profiles';
import { pictureDataUrl } from '../../lib/record/browser/picture';
import { chooseBackground, loadSettings } from './settings';

const input = document.getElementById('file') as HTMLInputElement | null;
const preview = document.getElementById('preview') as HTMLImageElement | null;
const message = document.getElementById('message');
const say = (text: string, result?: string) => {
  if (message) message.textContent = text;
  if (result) document.body.dataset.result = result;
};

function showPicture(url: string | null): void {
  if (!preview) return;
  preview.hidden = !url;
  if (url) preview.src = url;
}

input?.addEventListener('change', () => {
  const file = input.files?.[0];
  if (!file) return;
  say('Preparing the picture…');
  void pictureDataUrl(file).then(
    async (url) => {
      if (url.length > MAX_BACKGROUND_IMAGE_CHARS) return say('That picture is too detailed to keep; try a smaller one.', 'error');
      const s = await chooseBackground('image', url);
      showPicture(s.backgroundImage);
      say('Saved: your camera background is this picture (also in a recording under way). You can close this tab.', 'saved');
    },
    () => say('That file is not a picture this browser can open.', 'error'),
  );
});

void loadSettings().then((s) => showPicture(s.backgroundImage));
