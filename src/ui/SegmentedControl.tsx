import { useId } from 'react';

export type Segment<V extends string> = { value: V; label: string };

/** A radio group styled as segments: keyboard and screen-reader behaviour come from native radios. */
export function SegmentedControl<V extends string>(props: {
  label: string;
  value: V;
  options: readonly Segment<V>[];
  onChange: (value: V) => void;
  testId?: string;
}) {
  const name = useId();
  return (
    <div className="segmented" role="radiogroup" aria-label={props.label} data-testid={props.testId}>
      {props.options.map((option) => (
        <label key={option.value} className="segmented__option" data-checked={option.value === props.value}>
          <input
            type="radio"
            name={name}
            value={option.value}
            checked={option.value === props.value}
            onChange={() => props.onChange(option.value)}
          />
          <span>{option.label}</span>
        </label>
      ))}
    </div>
  );
}
