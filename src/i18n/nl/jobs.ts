import type { jobsEn } from "../en/jobs.js";

export const jobsNl = {
  "job.title.waiting": "In de wachtrij",
  "job.title.working": "Je video wordt gemaakt",
  "job.title.done": "Klaar",
  "job.title.failed": "Deze video kon niet worden gemaakt",
  "job.title.cancelled": "Geannuleerd",
  "job.title.ready": "Je video is klaar",
  "job.field.settings": "Instellingen",
  "job.field.queue": "Wachtrij",
  "job.field.progress": "Voortgang",
  "job.field.result": "Resultaat",
  "job.field.whatHappened": "Wat er misging",
  "job.field.status": "Status",
  "job.field.delivery": "Levering",
  "job.queue.next": "Jij bent de volgende",
  "job.queue.position": "Plaats **{position}**",
  "job.queue.inComfy": "Wacht in de wachtrij van de videoserver · **{ahead}** voor je",
  "job.queue.inComfyNext": "Wacht in de wachtrij van de videoserver · jij bent de volgende",
  "job.queue.held": "Wacht op de videoserver · gaat erheen zodra de video ervoor begint",
  "job.progress.eta": "nog {eta}",
  "job.error.reference": "Referentie: `{id}`",
  "job.error.unknown": "Onbekende fout.",
  "job.settings.video": "**{seconds} s** · {aspect} · {width}×{height} · {fps} fps",
  "job.settings.sampling": "Stappen {steps} (wissel bij {split}) · CFG {cfg} · Seed `{seed}`",
  "job.settings.lora": "LoRA **{label}** × {strength}",
  "job.button.cancel": "Annuleren",
  "job.button.reroll": "Nieuwe variant",
  "job.button.again": "Nog een keer",
  "job.button.continue": "Vervolg",
  "job.field.continues": "Vervolg op",
  "job.continues.link": "[deze eerdere video]({url}), vanaf het laatste beeld",
  "job.continues.unlinked": "een eerdere video, vanaf het laatste beeld",

  "phase.loading": "Modellen laden",
  "phase.loading_high": "High-noise-model laden",
  "phase.loading_low": "Low-noise-model laden",
  "phase.encoding": "Prompt verwerken",
  "phase.conditioning": "Afbeelding voorbereiden",
  "phase.high_noise": "Samplen (high-noise-ronde)",
  "phase.low_noise": "Samplen (low-noise-ronde)",
  "phase.decoding": "Beelden decoderen",
  "phase.combining": "Video wegschrijven",

  "eta.seconds": "ongeveer {seconds} s",
  "eta.minutes": "ongeveer {minutes} min",
  "eta.hours": "ongeveer {hours} u {minutes} min",

  "delivery.attached": "Bijgevoegd ({size}).",
  "delivery.compact":
    "De volledige video ({full}) is groter dan de uploadlimiet van dit kanaal ({limit}), dus dit is de compacte versie ({size}).",
  "delivery.smaller":
    "De video ({full}) en de compacte versie zijn groter dan de uploadlimiet van dit kanaal ({limit}), dus er is een kleinere versie geplaatst ({size}, {width}×{height}).",
  "delivery.refused": "Discord weigerde de upload",
  "delivery.tooLarge": "De video ({size}) is groter dan de uploadlimiet van dit kanaal ({limit})",
  "delivery.link": "{why}, dus hier is een link naar de volledige kwaliteit.",
  "delivery.nothingFits":
    "De video is te groot voor dit kanaal en de bot heeft geen linkserver; een beheerder is ingelicht.",
  "delivery.direct":
    "Ik kon dit niet plaatsen in {channel}: ik mag daar niet meer posten. Iemand die dat kanaal beheert kan me daar weer Berichten verzenden, Bestanden bijvoegen en Links insluiten geven.",
  "delivery.postedBelow": "{how}\nHieronder geplaatst.",

  "result.ready": "{mention} je video is klaar",
  "result.readyWithLink": "{mention} je video is klaar: {link}",
  "result.failed": "{mention} je video kon niet worden gemaakt: {message} (referentie `{id}`)",
  "result.unknownError": "onbekende fout",

  "cancelled.removed": "Uit de wachtrij gehaald voordat hij begon.",
  "cancelled.deleted_from_server": "Uit de wachtrij van de videoserver gehaald voordat hij begon.",
  "cancelled.interrupted": "Op de videoserver gestopt terwijl hij bezig was.",

  "notice.requeued":
    "de videoserver is herstart en is je video kwijtgeraakt, dus hij staat opnieuw in de wachtrij (poging {attempt} van {max}).",
} satisfies Record<keyof typeof jobsEn, string>;
