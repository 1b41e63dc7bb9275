package org.learnstream.jobs.cli;

import picocli.CommandLine.Command;

/** Skills that mastery is kept for: frameworks imported into the catalog, and the activities nothing maps yet. */
@Command(name = "skills", mixinStandardHelpOptions = true,
    description = "Import skill frameworks (1EdTech CASE) into the skill catalog in ClickHouse; list the activities "
        + "nothing maps to skills, with suggested skills to accept or reject.",
    subcommands = {SkillsImportCommand.class, SkillsUnmappedCommand.class, SkillsDecisionCommand.Accept.class,
        SkillsDecisionCommand.Reject.class})
final class SkillsCommand {
}
