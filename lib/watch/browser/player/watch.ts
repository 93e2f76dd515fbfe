/** The watch page's player script (public/player/watch.js): the player, started from the page's HTML before React. */
import { bootPlayers } from './boot';

bootPlayers();
