/** The job's message, its result post and its notices, as a user sees them in English. */
export const jobsEn = {
  "job.title.waiting": "Waiting in line",
  "job.title.working": "Making your video",
  "job.title.done": "Done",
  "job.title.failed": "This video could not be made",
  "job.title.cancelled": "Cancelled",
  "job.title.ready": "Your video is ready",
  "job.field.settings": "Settings",
  "job.field.queue": "Queue",
  "job.field.progress": "Progress",
  "job.field.result": "Result",
  "job.field.whatHappened": "What happened",
  "job.field.status": "Status",
  "job.field.delivery": "Delivery",
  "job.queue.next": "Next up",
  "job.queue.position": "Position **{position}**",
  "job.queue.inComfy": "Waiting in the video server's queue · **{ahead}** ahead",
  "job.queue.inComfyNext": "Waiting in the video server's queue · next up",
  "job.queue.held": "Waiting for the video server · sent as soon as the video ahead of it starts",
  "job.progress.eta": "{eta} left",
  "job.error.reference": "Reference: `{id}`",
  "job.error.unknown": "Unknown error.",
  "job.settings.video": "**{seconds} s** · {aspect} · {width}×{height} · {fps} fps",
  "job.settings.sampling": "Steps {steps} (switch at {split}) · CFG {cfg} · Seed `{seed}`",
  "job.settings.lora": "LoRA **{label}** × {strength}",
  "job.button.cancel": "Cancel",
  "job.button.reroll": "Reroll",
  "job.button.again": "Again",
  "job.button.continue": "Continue",
  "job.field.continues": "Continues",
  "job.continues.link": "[this earlier video]({url}), from its last frame",
  "job.continues.unlinked": "an earlier video, from its last frame",

  "phase.loading": "Loading models",
  "phase.loading_high": "Loading the high-noise model",
  "phase.loading_low": "Loading the low-noise model",
  "phase.encoding": "Encoding the prompt",
  "phase.conditioning": "Preparing the image",
  "phase.high_noise": "Sampling (high-noise pass)",
  "phase.low_noise": "Sampling (low-noise pass)",
  "phase.decoding": "Decoding frames",
  "phase.combining": "Writing the video",

  "eta.seconds": "about {seconds} s",
  "eta.minutes": "about {minutes} min",
  "eta.hours": "about {hours} h {minutes} min",

  "delivery.attached": "Attached ({size}).",
  "delivery.compact":
    "The full video ({full}) is over this channel's {limit} upload limit, so this is the compact version ({size}).",
  "delivery.smaller":
    "The video ({full}) and its compact version are over this channel's {limit} upload limit, so a smaller version was posted ({size}, {width}×{height}).",
  "delivery.refused": "Discord refused the upload",
  "delivery.tooLarge": "The video ({size}) is over this channel's {limit} upload limit",
  "delivery.link": "{why}, so here is a link to the full quality.",
  "delivery.nothingFits":
    "The video is too big for this channel and the bot has no link server; an admin has been told.",
  "delivery.direct":
    "I could not post this in {channel}: I am no longer allowed to post there. Someone who manages that channel can give me Send Messages, Attach Files and Embed Links there again.",
  "delivery.postedBelow": "{how}\nPosted below.",

  "result.ready": "{mention} your video is ready",
  "result.readyWithLink": "{mention} your video is ready: {link}",
  "result.failed": "{mention} your video could not be made: {message} (reference `{id}`)",
  "result.unknownError": "unknown error",

  "cancelled.removed": "Removed from the queue before it started.",
  "cancelled.deleted_from_server": "Removed from the video server's queue before it started.",
  "cancelled.interrupted": "Stopped on the video server while it was running.",

  "notice.requeued":
    "the video server restarted and lost your job, so it is queued again (attempt {attempt} of {max}).",
} as const;
