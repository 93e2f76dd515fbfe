/**
 * The compositor's worker as a file of the extension: a blob worker there may not load the
 * extension's own files (the segmentation runtime), a worker from the extension's origin may.
 * The same program the web app runs from a Blob (lib/record/browser/compositor-program.ts).
 */
import { compositorProgram, type CompositorScope } from '../../lib/record/browser/compositor-program';
import { applyInk, drawInk } from '../../lib/record/browser/ink';

compositorProgram(self as unknown as CompositorScope, { applyInk, drawInk });
