import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { MotionBehaviourProvider } from '@fluentui/react-motion';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { createMemoryRouter, RouterProvider, type RouteObject } from 'react-router';
import { vi } from 'vitest';
import { setToken } from '../auth/session';

export interface Call {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: unknown;
}

function parseBody(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * Replaces fetch with `answer` (method + URL → status and JSON body) and records every call: what a view asks of
 * the API is the behaviour under test.
 */
export function mockApi(answer: (call: Call) => { status?: number; body?: unknown; headers?: Record<string, string> } | undefined) {
  const calls: Call[] = [];
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.toString() : input.url;
    const headers = Object.fromEntries(
      Object.entries((init.headers ?? {}) as Record<string, string>).map(([k, v]) => [k.toLowerCase(), v]),
    );
    const call: Call = {
      method: init.method ?? 'GET',
      url,
      headers,
      body: typeof init.body === 'string' ? parseBody(init.body) : undefined,
    };
    calls.push(call);
    const result = answer(call) ?? { status: 404, body: { error: { code: 'NotFound', message: `no mock for ${call.method} ${url}` } } };
    const status = result.status ?? 200;
    return new Response(status === 204 ? null : JSON.stringify(result.body ?? null), {
      status,
      headers: { 'Content-Type': 'application/json', ...result.headers },
    });
  });
  vi.stubGlobal('fetch', fetchMock);
  return calls;
}

/** Renders routes under the portal's providers, signed in, at `path`. */
export function renderRoutes(routes: RouteObject[], path: string) {
  setToken('test-token');
  const client = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  const router = createMemoryRouter(routes, { initialEntries: [path] });
  const view = render(
    <QueryClientProvider client={client}>
      <FluentProvider theme={webLightTheme}>
        {/* No enter/exit animations under happy-dom (its Web Animations reject when Fluent cancels them). */}
        <MotionBehaviourProvider value="skip">
          <RouterProvider router={router} />
        </MotionBehaviourProvider>
      </FluentProvider>
    </QueryClientProvider>,
  );
  return { ...view, router, client };
}

export function renderAt(element: ReactElement, path = '/') {
  return renderRoutes([{ path: '*', element }], path);
}
