import {
  Button,
  Dropdown,
  Field,
  Menu,
  MenuItemRadio,
  MenuList,
  MenuPopover,
  MenuTrigger,
  Option,
  Popover,
  PopoverSurface,
  PopoverTrigger,
  SpinButton,
  Text,
  Tooltip,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { ClockRegular, FastForwardRegular, TopSpeedRegular } from '@fluentui/react-icons';
import { useState } from 'react';
import { useAdvanceClock, useSetAcceleration, useSimClock } from '../api/directory';
import { ApiMessage } from './ApiMessage';

const MINUTE = 60_000;
export const INTERVAL_MS = 40 * MINUTE;
const UNITS = { minutes: MINUTE, hours: 60 * MINUTE, days: 24 * 60 * MINUTE } as const;
type Unit = keyof typeof UNITS;
const FACTORS = [1, 60, 120, 600, 3600];

const useStyles = makeStyles({
  bar: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
  time: { fontVariantNumeric: 'tabular-nums' },
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, minWidth: '240px' },
  row: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'end' },
});

/** e.g. "Sat, 05 Dec 2026 00:12:03 UTC" */
export function formatSimTime(iso: string): string {
  return new Date(iso).toUTCString().replace('GMT', 'UTC');
}

/** "manual", "accelerated:120" → what the bar shows. */
export function describeMode(mode: string): string {
  const factor = /^accelerated:(.+)$/.exec(mode)?.[1];
  return factor ? `accelerated ×${factor}` : mode;
}

/**
 * The simulated clock in the top bar: now and the mode, "Advance 40 minutes" (one incremental cycle interval), an
 * advance of a chosen span, and the acceleration of an accelerated clock. Every view refetches after an advance.
 */
export function ClockBar() {
  const styles = useStyles();
  const clock = useSimClock();
  const advance = useAdvanceClock();
  const accelerate = useSetAcceleration();
  const [amount, setAmount] = useState(1);
  const [unit, setUnit] = useState<Unit>('hours');
  const [spanOpen, setSpanOpen] = useState(false);
  const mode = clock.data?.mode ?? '';
  const factor = /^accelerated:(.+)$/.exec(mode)?.[1];
  const canAdvance = mode !== '' && mode !== 'real';

  return (
    <div className={styles.bar} role="group" aria-label="Simulated clock">
      <ClockRegular aria-hidden />
      <Text className={styles.time} aria-live="off" data-testid="sim-clock-now">
        {clock.data ? formatSimTime(clock.data.now) : clock.isError ? 'clock unavailable' : '…'}
      </Text>
      {clock.data && (
        <Text size={200} data-testid="sim-clock-mode">
          ({describeMode(mode)})
        </Text>
      )}
      <Tooltip
        content={
          canAdvance
            ? 'Moves simulated time 40 minutes (one provisioning interval) and runs what became due'
            : 'The real clock cannot be advanced'
        }
        relationship="description"
      >
        <Button
          size="small"
          icon={<FastForwardRegular />}
          disabled={!canAdvance || advance.isPending}
          onClick={() => advance.mutate(INTERVAL_MS)}
        >
          Advance 40 minutes
        </Button>
      </Tooltip>
      <Popover open={spanOpen} onOpenChange={(_, data) => setSpanOpen(data.open)} trapFocus>
        <PopoverTrigger disableButtonEnhancement>
          <Button size="small" disabled={!canAdvance}>
            Advance…
          </Button>
        </PopoverTrigger>
        <PopoverSurface aria-label="Advance the simulated clock">
          <form
            className={styles.form}
            onSubmit={(event) => {
              event.preventDefault();
              advance.mutate(amount * UNITS[unit], { onSuccess: () => setSpanOpen(false) });
            }}
          >
            <div className={styles.row}>
              <Field label="Span">
                <SpinButton
                  min={1}
                  max={400}
                  value={amount}
                  onChange={(_, data) => setAmount(Math.max(1, Math.min(400, Math.round(data.value ?? (Number(data.displayValue) || 1)))))}
                />
              </Field>
              <Field label="Unit">
                <Dropdown value={unit} selectedOptions={[unit]} onOptionSelect={(_, data) => setUnit(data.optionValue as Unit)}>
                  {Object.keys(UNITS).map((u) => (
                    <Option key={u} value={u}>
                      {u}
                    </Option>
                  ))}
                </Dropdown>
              </Field>
            </div>
            <Button type="submit" appearance="primary" disabled={advance.isPending}>
              Advance {amount} {amount === 1 ? unit.replace(/s$/, '') : unit}
            </Button>
          </form>
        </PopoverSurface>
      </Popover>
      <Menu
        checkedValues={{ factor: factor ? [factor] : [] }}
        onCheckedValueChange={(_, data) => accelerate.mutate(Number(data.checkedItems[0]))}
      >
        <MenuTrigger disableButtonEnhancement>
          <Tooltip
            content={
              factor
                ? 'How many times faster than real time the clock runs'
                : `A ${mode || 'manual'} clock has no acceleration (PROVSIM_CLOCK=accelerated:<factor>)`
            }
            relationship="description"
          >
            <Button
              size="small"
              icon={<TopSpeedRegular />}
              disabled={!factor}
              aria-label={factor ? `Acceleration ×${factor}` : 'Acceleration'}
            >
              {factor ? `×${factor}` : 'Acceleration'}
            </Button>
          </Tooltip>
        </MenuTrigger>
        <MenuPopover>
          <MenuList>
            {FACTORS.map((f) => (
              <MenuItemRadio key={f} name="factor" value={String(f)}>
                ×{f}
              </MenuItemRadio>
            ))}
          </MenuList>
        </MenuPopover>
      </Menu>
      <ApiMessage error={advance.error ?? accelerate.error} />
    </div>
  );
}
