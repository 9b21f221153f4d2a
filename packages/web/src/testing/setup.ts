import { cleanup, configure } from '@testing-library/react';
import { afterEach } from 'vitest';

// vitest runs without globals, so Testing Library cannot register its own cleanup.
afterEach(() => {
  cleanup();
  localStorage.clear();
});

// jsdom has no layout, so it does not implement scrolling; the router's scroll restoration calls it.
window.scrollTo = () => undefined;

// findBy* waits 1 s by default; on a loaded two-CPU CI machine a lazy route chunk can take longer to
// resolve, which made screens look empty rather than slow. The assertions are the same, only the wait is longer.
configure({ asyncUtilTimeout: 5000 });
