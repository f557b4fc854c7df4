// The console's actions: useMutation (pending, error, result) whose outcome is told the way every
// page tells one: a failure as an alert toast in words, a success as a status toast.
import { useMutation, type Mutation } from "@teamkit/react";
import { useToast } from "./Toasts";

/** `fn` as a mutation that toasts its error, and its success when `success` words it. */
export function useAction<A extends unknown[], R>(
  fn: (...args: A) => Promise<R>,
  success?: (result: R, ...args: A) => string,
): Mutation<A, R> {
  const toast = useToast();
  return useMutation(async (...args: A) => {
    try {
      const result = await fn(...args);
      if (success) toast.success(success(result, ...args));
      return result;
    } catch (error) {
      toast.error(error);
      throw error;
    }
  });
}
