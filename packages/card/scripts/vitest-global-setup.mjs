// PC/SC tests need the smartcard addon; a fresh `npm ci` leaves it unbuilt (install scripts are
// not allowed by default in npm 11), so build it before any test file loads it.
import { buildPcscBinding } from './build-pcsc-binding.mjs';

export default function setup() {
  buildPcscBinding();
}
