import { Field } from '@fluentui/react-components';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { useEffect, useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { SearchPicker, type PickerOption } from './SearchPicker';
import { renderAt } from './test-utils';

const PEOPLE: PickerOption[] = [
  { id: 'u1', text: 'Adele Vance', label: 'Adele Vance (adele@contoso.com)' },
  { id: 'u2', text: 'Alex Wilber', label: 'Alex Wilber (alex@contoso.com)' },
];

/** A caller whose search answers arrive a moment after the typing, as the API's do. */
function Harness({ onSelect }: { onSelect: (o: PickerOption) => void }) {
  const [text, setText] = useState('');
  const [options, setOptions] = useState<PickerOption[]>([]);
  useEffect(() => {
    const timer = setTimeout(() => setOptions(text ? PEOPLE.filter((p) => p.text.toLowerCase().startsWith(text.toLowerCase())) : []), 20);
    return () => clearTimeout(timer);
  }, [text]);
  return (
    <Field label="User">
      <SearchPicker value={text} onTextChange={setText} options={options} selectedId={null} onSelect={onSelect} />
    </Field>
  );
}

describe('SearchPicker', () => {
  it('opens the list when the answers arrive after typing, without an arrow key, and picks the clicked option', async () => {
    const onSelect = vi.fn();
    renderAt(<Harness onSelect={onSelect} />);
    const field = screen.getByRole('combobox', { name: 'User' });
    field.focus();
    fireEvent.change(field, { target: { value: 'ad' } });
    const option = await screen.findByRole('option', { name: 'Adele Vance (adele@contoso.com)' });
    expect(screen.queryByRole('option', { name: /Alex/ })).toBeNull();
    fireEvent.click(option);
    expect(onSelect).toHaveBeenCalledWith(PEOPLE[0]);
    await waitFor(() => expect(screen.queryByRole('listbox')).toBeNull());
  });

  it('shows no list while there is nothing to choose from', async () => {
    renderAt(<Harness onSelect={() => undefined} />);
    const field = screen.getByRole('combobox', { name: 'User' });
    fireEvent.change(field, { target: { value: 'zz' } });
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(screen.queryByRole('listbox')).toBeNull();
    expect(field.getAttribute('aria-expanded')).toBe('false');
  });
});
