import { Combobox, Option } from '@fluentui/react-components';
import { useState } from 'react';

export interface PickerOption {
  id: string;
  /** What the field shows once the option is chosen. */
  text: string;
  /** The option's line in the list (e.g. the name and the user principal name). */
  label: string;
}

/**
 * A search-as-you-type picker (users, groups, principals): the text goes to the caller, which searches the API; the
 * list opens as soon as its answers arrive while the field has the focus, not only when the arrow key is pressed
 * (Fluent's Combobox opens on typing, before the answers exist, and an empty list stays closed). Put it in a Field,
 * which labels it.
 */
export function SearchPicker({
  value,
  onTextChange,
  options,
  selectedId,
  onSelect,
  placeholder,
}: {
  value: string;
  onTextChange: (text: string) => void;
  options: readonly PickerOption[];
  selectedId: string | null;
  onSelect: (option: PickerOption) => void;
  placeholder?: string;
}) {
  const [open, setOpen] = useState(false);
  return (
    <Combobox
      freeform
      placeholder={placeholder}
      value={value}
      open={open && options.length > 0}
      onOpenChange={(_, data) => setOpen(data.open)}
      selectedOptions={selectedId ? [selectedId] : []}
      onChange={(event) => {
        onTextChange(event.target.value);
        setOpen(true);
      }}
      onOptionSelect={(_, data) => {
        const option = options.find((o) => o.id === data.optionValue);
        if (option) onSelect(option);
        setOpen(false);
      }}
    >
      {options.map((option) => (
        <Option key={option.id} value={option.id} text={option.text}>
          {option.label}
        </Option>
      ))}
    </Combobox>
  );
}
