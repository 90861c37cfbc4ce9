/** The sentence shown beside a settings field that explains why its value is not accepted. */
export function FieldError({ field, message }: { field: string; message: string | undefined }) {
  if (message === undefined) return null;
  return (
    <p className="field-error" id={`error-${field}`} data-testid={`error-${field}`} role="alert">
      {message}
    </p>
  );
}
