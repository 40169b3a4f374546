/** A one-line text field with its submit button (a path to add, a library's location): Enter or the button submits. */
export interface TextSubmitFormProps {
  value: string;
  onChange: (value: string) => void;
  onSubmit: (value: string) => void | Promise<void>;
  placeholder: string;
  submitLabel: string;
  testId?: string;
  className?: string;
  buttonClassName?: string;
  disabled?: boolean;
}

export function TextSubmitForm({
  value,
  onChange,
  onSubmit,
  placeholder,
  submitLabel,
  testId,
  className,
  buttonClassName = 'btn',
  disabled,
}: TextSubmitFormProps) {
  return (
    <form
      className={className}
      onSubmit={(event) => {
        event.preventDefault();
        void onSubmit(value.trim());
      }}
    >
      <input type="text" value={value} onChange={(e) => onChange(e.target.value)} placeholder={placeholder} data-testid={testId} />
      <button type="submit" className={buttonClassName} disabled={disabled}>
        {submitLabel}
      </button>
    </form>
  );
}
