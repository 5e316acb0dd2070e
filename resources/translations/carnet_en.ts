<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="en_US">
<context>
    <name>ArchiveController</name>
    <message numerus="yes">
        <source>Carnet is still saving the change to %n item(s): try again once it is done.</source>
        <translation><numerusform>Carnet is still saving the change to %n item: try again once it is done.</numerusform><numerusform>Carnet is still saving the change to %n items: try again once it is done.</numerusform></translation>
    </message>
</context>
<context>
    <name>BookletDialog</name>
    <message numerus="yes">
        <source>The %n selected drawing(s)</source>
        <translation><numerusform>The selected drawing</numerusform><numerusform>The %n selected drawings</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n of %1 drawings</source>
        <translation><numerusform>%n of %1 drawings</numerusform><numerusform>%n of %1 drawings</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n drawing(s) printed</source>
        <translation><numerusform>%n drawing printed</numerusform><numerusform>%n drawings printed</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n page(s)</source>
        <translation><numerusform>%n page</numerusform><numerusform>%n pages</numerusform></translation>
    </message>
</context>
<context>
    <name>CoverageDialog</name>
    <message numerus="yes">
        <location filename="../../app/carnet/ui/coverage.py" line="93" />
        <source>%n session(s) without any item</source>
        <translation><numerusform>%n session without any item</numerusform><numerusform>%n sessions without any item</numerusform></translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message numerus="yes">
        <location filename="../../app/carnet/ui/export_dialog.py" line="275" />
        <source>%n of %1 drawings</source>
        <translation><numerusform>%n of %1 drawings</numerusform><numerusform>%n of %1 drawings</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/carnet/ui/export_dialog.py" line="285" />
        <source>%n drawing(s) exported</source>
        <translation><numerusform>%n drawing exported</numerusform><numerusform>%n drawings exported</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/carnet/ui/export_dialog.py" line="287" />
        <source>%n page(s)</source>
        <translation><numerusform>%n page</numerusform><numerusform>%n pages</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/carnet/ui/export_dialog.py" line="308" />
        <source>%n file(s) Carnet did not write were kept in the folder</source>
        <translation><numerusform>%n file Carnet did not write was kept in the folder</numerusform><numerusform>%n files Carnet did not write were kept in the folder</numerusform></translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message numerus="yes">
        <location filename="../../app/carnet/ui/import_dialog.py" line="227" />
        <source>%n of %1 files</source>
        <translation><numerusform>%n of %1 files</numerusform><numerusform>%n of %1 files</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/carnet/ui/import_dialog.py" line="232" />
        <source>%n imported</source>
        <translation><numerusform>%n imported</numerusform><numerusform>%n imported</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/carnet/ui/import_dialog.py" line="234" />
        <source>%n already in the archive</source>
        <translation><numerusform>%n already in the archive</numerusform><numerusform>%n already in the archive</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/carnet/ui/import_dialog.py" line="236" />
        <source>%n rejected</source>
        <translation><numerusform>%n rejected</numerusform><numerusform>%n rejected</numerusform></translation>
    </message>
</context>
<context>
    <name>InspectorPanel</name>
    <message numerus="yes">
        <source>%n item(s) matched by capture time: keep their session, set by hand</source>
        <translation><numerusform>The item was matched by capture time: keep its session, set by hand</numerusform><numerusform>%n items matched by capture time: keep their session, set by hand</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/carnet/ui/inspector.py" line="248" />
        <source>%n items selected</source>
        <translation><numerusform>%n item selected</numerusform><numerusform>%n items selected</numerusform></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message numerus="yes">
        <source>Saving the change to %n item(s)…</source>
        <translation><numerusform>Saving the change to %n item…</numerusform><numerusform>Saving the change to %n items…</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/carnet/ui/main_window.py" line="299" />
        <source>%n item(s)</source>
        <translation><numerusform>%n item</numerusform><numerusform>%n items</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/carnet/ui/main_window.py" line="301" />
        <source>%n selected</source>
        <translation><numerusform>%n selected</numerusform><numerusform>%n selected</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/carnet/ui/main_window.py" line="401" />
        <source>Delete the %n item(s) in the trash for good? Their originals are removed from the archive. This cannot be undone.</source>
        <translation><numerusform>Delete the %n item in the trash for good? Their originals are removed from the archive. This cannot be undone.</numerusform><numerusform>Delete the %n items in the trash for good? Their originals are removed from the archive. This cannot be undone.</numerusform></translation>
    </message>
</context>
<context>
    <name>MatchReviewDialog</name>
    <message numerus="yes">
        <source>%n drawing(s) to review</source>
        <translation><numerusform>%n drawing to review</numerusform><numerusform>%n drawings to review</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/carnet/ui/programme.py" line="310" />
        <location filename="../../app/carnet/ui/programme.py" line="319" />
        <source>%n suggestion(s) to review</source>
        <translation><numerusform>%n suggestion to review</numerusform><numerusform>%n suggestions to review</numerusform></translation>
    </message>
</context>
<context>
    <name>ProgrammeDialog</name>
    <message numerus="yes">
        <location filename="../../app/carnet/ui/programme.py" line="157" />
        <source>%n session(s)</source>
        <translation><numerusform>%n session</numerusform><numerusform>%n sessions</numerusform></translation>
    </message>
</context>
<context>
    <name>Undo</name>
    <message numerus="yes">
        <source>Settle %n merge conflict(s)</source>
        <translation><numerusform>Settle %n merge conflict</numerusform><numerusform>Settle %n merge conflicts</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Import programme “%1”: %n session(s) added, %2 updated</source>
        <translation><numerusform>Import programme “%1”: %n session added, %2 updated</numerusform><numerusform>Import programme “%1”: %n sessions added, %2 updated</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Assign %n drawing(s) to “%1”</source>
        <translation><numerusform>Assign a drawing to “%1”</numerusform><numerusform>Assign %n drawings to “%1”</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Add the speaker “%1” to %n drawing(s)</source>
        <translation><numerusform>Add the speaker “%1” to a drawing</numerusform><numerusform>Add the speaker “%1” to %n drawings</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Add the illustrator “%1” to %n drawing(s)</source>
        <translation><numerusform>Add the illustrator “%1” to a drawing</numerusform><numerusform>Add the illustrator “%1” to %n drawings</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Add the tag “%1” to %n drawing(s)</source>
        <translation><numerusform>Add the tag “%1” to a drawing</numerusform><numerusform>Add the tag “%1” to %n drawings</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Reject %n suggestion(s)</source>
        <translation><numerusform>Reject a suggestion</numerusform><numerusform>Reject %n suggestions</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Confirm %n match(es)</source>
        <translation><numerusform>Confirm a match</numerusform><numerusform>Confirm %n matches</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Delete %n session(s)</source>
        <translation><numerusform>Delete a session</numerusform><numerusform>Delete %n sessions</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Merge %n session(s)</source>
        <translation><numerusform>Merge %n sessions</numerusform><numerusform>Merge %n sessions</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/carnet/ui/undo.py" line="59" />
        <source>Edit the title of %n item(s)</source>
        <translation><numerusform>Edit the title of %n item</numerusform><numerusform>Edit the title of %n items</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/carnet/ui/undo.py" line="61" />
        <source>Edit the caption of %n item(s)</source>
        <translation><numerusform>Edit the caption of %n item</numerusform><numerusform>Edit the caption of %n items</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/carnet/ui/undo.py" line="63" />
        <source>Edit the transcription of %n item(s)</source>
        <translation><numerusform>Edit the transcription of %n item</numerusform><numerusform>Edit the transcription of %n items</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/carnet/ui/undo.py" line="65" />
        <source>Change the licence of %n item(s)</source>
        <translation><numerusform>Change the licence of %n item</numerusform><numerusform>Change the licence of %n items</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/carnet/ui/undo.py" line="67" />
        <source>Edit the rights of %n item(s)</source>
        <translation><numerusform>Edit the rights of %n item</numerusform><numerusform>Edit the rights of %n items</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/carnet/ui/undo.py" line="69" />
        <source>Publish or unpublish %n item(s)</source>
        <translation><numerusform>Publish or unpublish %n item</numerusform><numerusform>Publish or unpublish %n items</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/carnet/ui/undo.py" line="70" />
        <source>Edit %n item(s)</source>
        <translation><numerusform>Edit %n item</numerusform><numerusform>Edit %n items</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/carnet/ui/undo.py" line="111" />
        <source>Change the tags of %n item(s)</source>
        <translation><numerusform>Change the tags of %n item</numerusform><numerusform>Change the tags of %n items</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/carnet/ui/undo.py" line="113" />
        <source>Change the people of %n item(s)</source>
        <translation><numerusform>Change the people of %n item</numerusform><numerusform>Change the people of %n items</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/carnet/ui/undo.py" line="175" />
        <source>Change the session of %n item(s)</source>
        <translation><numerusform>Change the session of %n item</numerusform><numerusform>Change the session of %n items</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/carnet/ui/undo.py" line="203" />
        <source>Restore %n item(s)</source>
        <translation><numerusform>Restore %n item</numerusform><numerusform>Restore %n items</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/carnet/ui/undo.py" line="205" />
        <source>Move %n item(s) to the trash</source>
        <translation><numerusform>Move %n item to the trash</numerusform><numerusform>Move %n items to the trash</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/carnet/ui/undo.py" line="230" />
        <source>Rotate %n item(s)</source>
        <translation><numerusform>Rotate %n item</numerusform><numerusform>Rotate %n items</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/carnet/ui/undo.py" line="277" />
        <source>Accept %n match(es)</source>
        <translation><numerusform>Accept %n match</numerusform><numerusform>Accept %n matches</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/carnet/ui/undo.py" line="71" />
        <source>Edit “%1” of %n item(s)</source>
        <translation><numerusform>Edit “%1” of %n item</numerusform><numerusform>Edit “%1” of %n items</numerusform></translation>
    </message>
</context>
<context>
    <name>MachineReadPanel</name>
    <message numerus="yes">
        <source>%n drawing(s) could not be read</source>
        <translation><numerusform>%n drawing could not be read</numerusform><numerusform>%n drawings could not be read</numerusform></translation>
    </message>
</context>
<context>
    <name>MergeDialog</name>
    <message numerus="yes">
        <source>%n new drawing(s)</source>
        <translation>
            <numerusform>%n new drawing</numerusform>
            <numerusform>%n new drawings</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n field(s) updated</source>
        <translation>
            <numerusform>%n field updated</numerusform>
            <numerusform>%n fields updated</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n conflict(s)</source>
        <translation>
            <numerusform>%n conflict</numerusform>
            <numerusform>%n conflicts</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n conflict(s) left for review</source>
        <translation>
            <numerusform>%n conflict left for review</numerusform>
            <numerusform>%n conflicts left for review</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n drawing(s) of the source came without their original (a package made without originals): there is no picture to show, and they are not added. Their descriptions still update the drawings you have.</source>
        <translation><numerusform>%n drawing of the source came without its original (a package made without originals): there is no picture to show, and it is not added. Its description still updates the drawings you have.</numerusform><numerusform>%n drawings of the source came without their original (a package made without originals): there is no picture to show, and they are not added. Their descriptions still update the drawings you have.</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Conflicts (%n)</source>
        <translation><numerusform>Conflicts (%n)</numerusform><numerusform>Conflicts (%n)</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>New drawings (%n)</source>
        <translation><numerusform>New drawings (%n)</numerusform><numerusform>New drawings (%n)</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>People (%n)</source>
        <translation><numerusform>People (%n)</numerusform><numerusform>People (%n)</numerusform></translation>
    </message>
</context>
<context>
    <name>ShareDialog</name>
    <message numerus="yes">
        <source>%n drawing(s) in the package</source>
        <translation>
            <numerusform>%n drawing in the package</numerusform>
            <numerusform>%n drawings in the package</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CurationActions</name>
    <message numerus="yes">
        <source>%n session(s) go with it</source>
        <translation><numerusform>%n session goes with it</numerusform><numerusform>%n sessions go with it</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n item(s) lose their session</source>
        <translation><numerusform>%n item loses its session</numerusform><numerusform>%n items lose their session</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n item(s) stay in the archive without an event</source>
        <translation><numerusform>%n item stays in the archive without an event</numerusform><numerusform>%n items stay in the archive without an event</numerusform></translation>
    </message>
</context>
<context>
    <name>ConflictsDialog</name>
    <message numerus="yes">
        <source>%n conflict(s) could not take their value: its drawing or session is no longer in the archive. They stay open.</source>
        <translation><numerusform>%n conflict could not take their value: its drawing or session is no longer in the archive. It stays open.</numerusform><numerusform>%n conflicts could not take their value: their drawing or session is no longer in the archive. They stay open.</numerusform></translation>
    </message>
</context>
</TS>
