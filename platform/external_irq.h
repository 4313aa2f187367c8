/* The host's external interrupts, as the core sees them: one call when sip.SEIP is set. */
#ifndef PLATFORM_EXTERNAL_IRQ_H
#define PLATFORM_EXTERNAL_IRQ_H

/*
 * Serves the host interrupts pending for this hart's S-mode (the host PLIC's devices). Called
 * with sip.SEIP set: from the trap of a running guest, or after a WFI that it ended.
 */
void platform_external_irq(void);

#endif
