// antd's dialog takes the focus when it opens, after its fields' autoFocus ran: this hands it on to the form's first
// field, so a dialog opened from the keyboard can be filled in from the keyboard.
export function focusFirstField(formId: string): void {
  document.querySelector<HTMLElement>(`#${formId} input:not([type="hidden"]), #${formId} textarea`)?.focus();
}
