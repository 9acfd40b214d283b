import { Button, Checkbox, Field, Input, TableCell, TableRow, makeStyles, tokens } from '@fluentui/react-components';
import { useState } from 'react';
import {
  EMPTY_FAULT_FORM,
  FAULT_METHODS,
  describeFault,
  faultRuleFromForm,
  useAddFault,
  useFaultRules,
  useRemoveFault,
  type FaultForm,
  type FaultRule,
} from '../../api/target';
import { ApiMessage } from '../../shell/ApiMessage';
import { formatDateTime } from '../logs/format';
import { FilterDropdown, ListTable } from '../../shell/ListTable';
import { ListToolbar, SimDialog } from './parts';

const METHOD_OPTIONS = FAULT_METHODS.map((m) => [m, m === '*' ? 'Any' : m] as const);

const useStyles = makeStyles({
  form: { display: 'grid', gridTemplateColumns: '1fr 1fr', gap: tokens.spacingVerticalM },
});

function windowOf(rule: FaultRule): string {
  if (!rule.activeFrom && !rule.activeUntil) return 'Always';
  return `${rule.activeFrom ? formatDateTime(rule.activeFrom) : '…'} – ${rule.activeUntil ? formatDateTime(rule.activeUntil) : '…'}`;
}

function AddFaultDialog({ name, onClose }: { name: string; onClose: () => void }) {
  const styles = useStyles();
  const add = useAddFault(name);
  const [form, setForm] = useState<FaultForm>(EMPTY_FAULT_FORM);
  const [problem, setProblem] = useState<string | null>(null);
  const set =
    (key: keyof FaultForm) =>
    (_: unknown, data: { value: string }): void =>
      setForm((f) => ({ ...f, [key]: data.value }));
  return (
    <SimDialog
      title="Add fault"
      onClose={onClose}
      onSubmit={() => {
        const result = faultRuleFromForm(form);
        setProblem('problem' in result ? result.problem : null);
        if ('rule' in result) add.mutate(result.rule, { onSuccess: onClose });
      }}
      actions={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" appearance="primary" disabled={add.isPending}>
            Add
          </Button>
        </>
      }
    >
      <div className={styles.form}>
        <FilterDropdown
          label="Method"
          value={form.method}
          options={METHOD_OPTIONS}
          onChange={(method) => setForm((f) => ({ ...f, method: (method || '*') as FaultForm['method'] }))}
        />
        <Field label="Path" hint="Below the Tenant URL; * matches anything, e.g. /Users*.">
          <Input value={form.path} onChange={set('path')} />
        </Field>
        <Field label="Status code" hint="Empty: latency only.">
          <Input type="number" value={form.status} onChange={set('status')} disabled={form.drop} />
        </Field>
        <Field label="Probability (%)">
          <Input type="number" value={form.probabilityPercent} onChange={set('probabilityPercent')} />
        </Field>
        <Field label="Latency (ms)">
          <Input type="number" value={form.latencyMs} onChange={set('latencyMs')} />
        </Field>
        <Field label="Retry-After (s)">
          <Input type="number" value={form.retryAfter} onChange={set('retryAfter')} disabled={form.drop} />
        </Field>
        <Field label="Active from" hint="Real time of this browser; empty: now.">
          <Input type="datetime-local" value={form.activeFrom} onChange={set('activeFrom')} />
        </Field>
        <Field label="Active until" hint="Empty: until removed.">
          <Input type="datetime-local" value={form.activeUntil} onChange={set('activeUntil')} />
        </Field>
        <Checkbox
          label="Drop the connection instead of answering"
          checked={form.drop}
          onChange={(_, data) => setForm((f) => ({ ...f, drop: data.checked === true }))}
        />
      </div>
      <ApiMessage error={problem ?? add.error} title="The fault was not added" />
    </SimDialog>
  );
}

/** The tenant's fault rules (GET/POST/DELETE /admin/tenants/{name}/faults): what its SCIM API answers instead of the app. */
export function FaultsTab({ name }: { name: string }) {
  const faults = useFaultRules(name);
  const remove = useRemoveFault(name);
  const [adding, setAdding] = useState(false);
  return (
    <>
      <ListToolbar addLabel="Add fault" onAdd={() => setAdding(true)} onRefresh={() => void faults.refetch()} />
      <ApiMessage error={faults.error ?? remove.error} />
      <ListTable
        label="Fault rules"
        columns={['Method', 'Path', 'Effect', 'Active', 'Matched / faulted', 'Actions']}
        empty={faults.data?.length === 0 ? 'No fault rule: the tenant answers normally.' : undefined}
      >
        {(faults.data ?? []).map((rule) => (
          <TableRow key={rule.id}>
            <TableCell>{rule.method === '*' ? 'Any' : rule.method}</TableCell>
            <TableCell>
              <code>{rule.path}</code>
            </TableCell>
            <TableCell>{describeFault(rule)}</TableCell>
            <TableCell>{windowOf(rule)}</TableCell>
            <TableCell>
              {rule.matched} / {rule.hits}
            </TableCell>
            <TableCell>
              <Button
                size="small"
                disabled={remove.isPending}
                onClick={() => remove.mutate(rule.id)}
                aria-label={`Remove fault ${rule.path}`}
              >
                Remove
              </Button>
            </TableCell>
          </TableRow>
        ))}
      </ListTable>
      {adding && <AddFaultDialog name={name} onClose={() => setAdding(false)} />}
    </>
  );
}
