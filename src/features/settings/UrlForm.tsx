import { useState, type FormEvent } from 'react';

/**
 * One address field with its button, for the settings that hold a URL (the backend, the update
 * feed). The button is enabled only when the trimmed value differs from what is saved; an empty
 * value is passed on as '' (the caller decides what "none" means).
 */
export function UrlForm(props: {
  current: string;
  label: string;
  placeholder: string;
  submitLabel: string;
  testId: string;
  primary?: boolean;
  disabled?: boolean;
  onSave: (url: string) => void;
}) {
  const { current, disabled = false } = props;
  const [value, setValue] = useState(current);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    props.onSave(value.trim());
  };
  return (
    <form className="inline-form" onSubmit={submit}>
      <input
        className="input"
        type="url"
        inputMode="url"
        spellCheck={false}
        value={value}
        disabled={disabled}
        placeholder={props.placeholder}
        aria-label={props.label}
        onChange={(e) => setValue(e.target.value)}
        data-testid={props.testId}
      />
      <button className={props.primary ? 'button button--primary' : 'button'} type="submit" disabled={disabled || value.trim() === current}>
        {props.submitLabel}
      </button>
    </form>
  );
}
