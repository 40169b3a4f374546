/** One setting chosen from a list: a label and a select, as the settings screen lays them out. */
export interface ChoiceSettingProps<T extends string> {
  id: string;
  label: string;
  value: T;
  /** [value, what the user reads] in the order shown. */
  choices: Array<[T, string]>;
  onChange: (value: T) => void;
  testId?: string;
}

export function ChoiceSetting<T extends string>({ id, label, value, choices, onChange, testId }: ChoiceSettingProps<T>) {
  return (
    <div className="setting">
      <label htmlFor={id}>{label}</label>
      <select id={id} data-testid={testId} value={value} onChange={(e) => onChange(e.target.value as T)}>
        {choices.map(([choice, text]) => (
          <option key={choice} value={choice}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
}
