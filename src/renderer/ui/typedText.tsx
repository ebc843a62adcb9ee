import { useId, useState, type ChangeEvent } from 'react';
import type { z } from 'zod';
import { Icon } from './Icon';

/**
 * Text that can never be recorded, said while it is typed: the field's own schema (the one main and
 * the case service parse with) finds a NUL character, an unpaired surrogate or too many characters.
 * Empty text is not a problem yet: the form says what is missing when it is sent.
 */
export function typedTextProblem(schema: z.ZodType, text: string): string | null {
  if (text.trim() === '') return null;
  const result = schema.safeParse(text);
  if (result.success) return null;
  for (const issue of result.error.issues) {
    if (issue.code === 'too_small') continue;
    if (issue.code === 'too_big') {
      return `is ${text.trim().length.toLocaleString('en-US')} characters long; at most ${Number(issue.maximum).toLocaleString('en-US')} are accepted`;
    }
    return issue.message;
  }
  return null;
}

/** "This note contains a NUL character …": the problem said of the thing being written. */
export function describeTypedText(subject: string, problem: string | null): string | null {
  return problem ? `${subject} ${problem}. Change it to continue.` : null;
}

/** A free-text field's state with its live check; spread `inputProps` on the input and show `<TypedTextProblem>` below it. */
export function useTypedText(schema: z.ZodType, subject: string, initial = '') {
  const [text, setText] = useState(initial);
  const problemId = useId();
  const problem = describeTypedText(subject, typedTextProblem(schema, text));
  return {
    text,
    setText,
    problem,
    problemId,
    /** For the submit button: disabled with this element as the reason. */
    blockedBy: problem ? problemId : null,
    inputProps: {
      value: text,
      onChange: (event: ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => setText(event.target.value),
      'aria-invalid': problem ? true : undefined,
      'aria-describedby': problem ? problemId : undefined,
    },
  };
}

/** The live problem under a text field, announced as it appears. */
export function TypedTextProblem({ id, problem }: { id: string; problem: string | null }) {
  if (!problem) return null;
  return (
    <p id={id} className="field-error" role="alert">
      <Icon name="problem" /> {problem}
    </p>
  );
}
