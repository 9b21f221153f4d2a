import { render } from '@testing-library/react';
import { createApiClient } from '../api/client';
import { App } from '../app/App';
import type { StubApiServer } from './stubApiServer';

/** Renders the whole app at `path`, talking to the stub server, as a browser would load it. */
export function renderAppAt(server: StubApiServer, path: string) {
  window.history.replaceState(null, '', path);
  return render(<App api={createApiClient({ baseUrl: server.baseUrl })} />);
}
