import { Button, Caption1, Dropdown, Field, Option, Spinner, Text, Textarea, makeStyles, tokens } from '@fluentui/react-components';
import { AddRegular } from '@fluentui/react-icons';
import { useEffect, useState } from 'react';
import { useUser, useUserSearch } from '../../api/directory';
import { useMappingFunctions, useParseExpression, type FunctionSchema } from '../../api/sync';
import { SearchPicker } from '../../shell/SearchPicker';
import { TYPING_DELAY_MS } from '../../shell/url-state';

const useStyles = makeStyles({
  builder: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  row: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'flex-end', flexWrap: 'wrap' },
  grow: { flexGrow: 1, minWidth: '220px' },
  output: {
    fontFamily: tokens.fontFamilyMonospace,
    whiteSpace: 'pre-wrap',
    padding: tokens.spacingHorizontalS,
    backgroundColor: tokens.colorNeutralBackground3,
    borderRadius: tokens.borderRadiusMedium,
    minHeight: '1.5em',
  },
});

/** A function's signature as the docs print it: `Join(separator, source…)`, optional parameters in brackets. */
export function signature(fn: FunctionSchema): string {
  const params = fn.parameters.map((p) => {
    const name = `${p.name}${p.allowMultipleOccurrences ? '…' : ''}`;
    return p.required ? name : `[${name}]`;
  });
  return `${fn.name}(${params.join(', ')})`;
}

/** The value after `delayMs` without change. */
function useSettled<T>(value: T, delayMs = TYPING_DELAY_MS): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), delayMs);
    return () => clearTimeout(timer);
  }, [value, delayMs]);
  return settled;
}

/**
 * The Expression builder (reference §1.5): write an expression (or add a function or an attribute to it), pick a user,
 * and see the expression's output for that user live, as parseExpression evaluates it (typing settles first).
 * `error` is a message for the expression from elsewhere (the API refusing the saved schema).
 */
export function ExpressionBuilder({
  servicePrincipalId,
  jobId,
  value,
  onChange,
  sourceAttributes = [],
  error,
}: {
  servicePrincipalId: string;
  jobId: string | undefined;
  value: string;
  onChange: (expression: string) => void;
  sourceAttributes?: readonly string[];
  error?: string;
}) {
  const styles = useStyles();
  const functions = useMappingFunctions(servicePrincipalId, jobId);
  const [fnName, setFnName] = useState('');
  const fn = functions.data?.value.find((f) => f.name === fnName);
  const [query, setQuery] = useState('');
  const [userId, setUserId] = useState<string | null>(null);
  const users = useUserSearch(query);
  const expression = useSettled(value);
  const append = (text: string) =>
    onChange(value.trim() ? `${value}${value.endsWith(' ') || value.endsWith('(') ? '' : ' '}${text}` : text);
  return (
    <div className={styles.builder} role="group" aria-label="Expression builder">
      <Field
        label="Expression"
        validationState={error ? 'error' : 'none'}
        validationMessage={error}
        hint='e.g. Join(" - ", [department], [jobTitle])'
      >
        <Textarea value={value} onChange={(_, d) => onChange(d.value)} resize="vertical" textarea={{ spellCheck: false }} />
      </Field>
      <div className={styles.row}>
        <Field label="Function" className={styles.grow} hint={fn ? signature(fn) : 'Pick a function to see its parameters.'}>
          <Dropdown
            placeholder="Select a function"
            value={fnName}
            selectedOptions={fnName ? [fnName] : []}
            onOptionSelect={(_, d) => setFnName(d.optionValue ?? '')}
          >
            {(functions.data?.value ?? []).map((f) => (
              <Option key={f.name} value={f.name} text={f.name}>
                {signature(f)}
              </Option>
            ))}
          </Dropdown>
        </Field>
        <Button icon={<AddRegular />} disabled={!fn} onClick={() => fn && append(`${fn.name}()`)}>
          Add function
        </Button>
        {sourceAttributes.length > 0 && (
          <Field label="Attribute" className={styles.grow}>
            <Dropdown
              placeholder="Add an attribute"
              value=""
              selectedOptions={[]}
              onOptionSelect={(_, d) => d.optionValue && append(`[${d.optionValue}]`)}
            >
              {sourceAttributes.map((name) => (
                <Option key={name} value={name}>
                  {name}
                </Option>
              ))}
            </Dropdown>
          </Field>
        )}
      </div>
      <Field label="Test with a user" hint="The expression is evaluated on this user's attributes.">
        <SearchPicker
          value={query}
          onTextChange={setQuery}
          placeholder="Search by name or user principal name"
          options={(users.data ?? []).map((u) => ({ id: u.id, text: u.displayName, label: `${u.displayName} (${u.userPrincipalName})` }))}
          selectedId={userId}
          onSelect={(option) => {
            setUserId(option.id);
            setQuery(option.text);
          }}
        />
      </Field>
      {userId ? (
        <UserOutput servicePrincipalId={servicePrincipalId} jobId={jobId} expression={expression} userId={userId} />
      ) : (
        <ExpressionOutput servicePrincipalId={servicePrincipalId} jobId={jobId} expression={expression} />
      )}
    </div>
  );
}

interface OutputProps {
  servicePrincipalId: string;
  jobId: string | undefined;
  expression: string;
}

function UserOutput({ userId, ...props }: OutputProps & { userId: string }) {
  const user = useUser(userId);
  return <ExpressionOutput {...props} input={user.data as unknown as Record<string, unknown> | undefined} />;
}

/** View expression output: parseExpression's answer for the expression, evaluated on `input` when there is one. */
function ExpressionOutput({ servicePrincipalId, jobId, expression, input }: OutputProps & { input?: Record<string, unknown> }) {
  const styles = useStyles();
  const parsed = useParseExpression(servicePrincipalId, jobId, expression, input);
  const answer = parsed.data;
  const problem =
    answer && !answer.parsingSucceeded
      ? `The expression does not parse: ${answer.error?.message ?? 'syntax error'}`
      : answer && input && !answer.evaluationSucceeded
        ? answer.error?.message
        : undefined;
  return (
    <Field label="View expression output" validationState={problem ? 'error' : 'none'} validationMessage={problem}>
      <output className={styles.output} aria-live="polite" aria-label="Expression output">
        {parsed.isFetching && <Spinner size="extra-tiny" />}
        {!expression.trim() ? (
          <Caption1>Enter an expression.</Caption1>
        ) : !input ? (
          <Caption1>{problem ? '' : 'Pick a user to see the output.'}</Caption1>
        ) : answer?.evaluationSucceeded ? (
          <Text>{answer.evaluationResult?.length ? answer.evaluationResult.join('\n') : '(no value: the attribute does not flow)'}</Text>
        ) : null}
      </output>
    </Field>
  );
}
