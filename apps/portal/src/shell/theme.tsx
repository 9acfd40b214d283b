import { FluentProvider, webDarkTheme, webLightTheme } from '@fluentui/react-components';
import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';

type Mode = 'light' | 'dark';
const ThemeContext = createContext<{ mode: Mode; setMode: (mode: Mode) => void }>({ mode: 'light', setMode: () => {} });
const KEY = 'provsim.theme';

/** Light and dark, as the admin center offers; remembered in this browser, defaulting to the system's choice. */
export function ThemeProvider({ children }: { children: ReactNode }) {
  const [mode, setMode] = useState<Mode>(() => {
    const saved = localStorage.getItem(KEY);
    if (saved === 'light' || saved === 'dark') return saved;
    return window.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
  });
  useEffect(() => localStorage.setItem(KEY, mode), [mode]);
  return (
    <ThemeContext.Provider value={{ mode, setMode }}>
      <FluentProvider theme={mode === 'dark' ? webDarkTheme : webLightTheme} style={{ minHeight: '100vh' }}>
        {children}
      </FluentProvider>
    </ThemeContext.Provider>
  );
}

export function useTheme() {
  return useContext(ThemeContext);
}
