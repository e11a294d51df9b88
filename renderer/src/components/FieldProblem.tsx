/** A field's own message under it (the field points at it with aria-describedby). */
export function FieldProblem({ id, message }: { id: string; message: string | undefined | null }) {
  if (!message) return null;
  return (
    <small className="field-problem" id={id} role="alert">
      {message}
    </small>
  );
}
