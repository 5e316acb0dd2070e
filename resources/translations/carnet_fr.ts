<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="fr_FR">
<context>
    <name>CropMarginsDialog</name>
    <message>
        <source>Crop selection</source>
        <translation>Recadrer la sélection</translation>
    </message>
    <message>
        <source>Cut off each edge of the drawings, as a share of what they show.</source>
        <translation>Rogner chaque bord des dessins, en part de ce qu&apos;ils montrent.</translation>
    </message>
    <message>
        <source>&amp;Left</source>
        <translation>&amp;Gauche</translation>
    </message>
    <message>
        <source>&amp;Top</source>
        <translation>&amp;Haut</translation>
    </message>
    <message>
        <source>&amp;Right</source>
        <translation>&amp;Droite</translation>
    </message>
    <message>
        <source>&amp;Bottom</source>
        <translation>&amp;Bas</translation>
    </message>
</context>
<context>
    <name>CorrectionEditor</name>
    <message>
        <source>Apply the correction</source>
        <translation>Appliquer la correction</translation>
    </message>
    <message>
        <source>Cancel the correction</source>
        <translation>Annuler la correction</translation>
    </message>
    <message>
        <source>&amp;Perspective</source>
        <translation>&amp;Perspective</translation>
    </message>
    <message>
        <source>Straighten the board by its four corners</source>
        <translation>Redresser le tableau par ses quatre coins</translation>
    </message>
    <message>
        <source>&amp;Find corners</source>
        <translation>&amp;Trouver les coins</translation>
    </message>
    <message>
        <source>Angle</source>
        <translation>Angle</translation>
    </message>
    <message>
        <source>&amp;Angle</source>
        <translation>&amp;Angle</translation>
    </message>
    <message>
        <source>&amp;Reset</source>
        <translation>&amp;Réinitialiser</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>Appliquer</translation>
    </message>
    <message>
        <source>Looking for the board&apos;s corners…</source>
        <translation>Recherche des coins du tableau…</translation>
    </message>
    <message>
        <source>Drag the corners onto the board&apos;s corners.</source>
        <translation>Faites glisser les poignées sur les coins du tableau.</translation>
    </message>
    <message>
        <source>Board found: drag the corners to adjust them, then Apply.</source>
        <translation>Tableau trouvé : ajustez les coins en les faisant glisser, puis Appliquer.</translation>
    </message>
    <message>
        <source>No board found: drag the corners onto the board.</source>
        <translation>Aucun tableau trouvé : faites glisser les coins sur le tableau.</translation>
    </message>
    <message>
        <source>&amp;Before/After</source>
        <translation>A&amp;vant/Après</translation>
    </message>
    <message>
        <source>Show the drawing as corrected, with its crop, or as it is (\)</source>
        <translation>Montrer le dessin corrigé, avec son recadrage, ou tel qu’il est (\)</translation>
    </message>
    <message>
        <source>Show before or after the correction</source>
        <translation>Montrer avant ou après la correction</translation>
    </message>
    <message>
        <source>Select the next side of the crop</source>
        <translation>Choisir le côté suivant du recadrage</translation>
    </message>
    <message>
        <source>Move the selected side of the crop (Shift: further)</source>
        <translation>Déplacer le côté choisi du recadrage (Maj : plus loin)</translation>
    </message>
    <message>
        <source>After: drag a rectangle to crop (Shift keeps its shape); E selects a side, the arrows move it.</source>
        <translation>Après : tracez un rectangle pour recadrer (Maj garde ses proportions) ; E choisit un côté, les flèches le déplacent.</translation>
    </message>
    <message>
        <source>Before: drag the corners onto the board&apos;s corners.</source>
        <translation>Avant : faites glisser les poignées sur les coins du tableau.</translation>
    </message>
</context>
<context>
    <name>ResultCanvas</name>
    <message>
        <source>Crop</source>
        <translation>Recadrage</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Chargement…</translation>
    </message>
</context>
<context>
    <name>CornerCanvas</name>
    <message>
        <source>Board corners</source>
        <translation>Coins du tableau</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Chargement…</translation>
    </message>
</context>
<context>
    <name>ArchiveController</name>
    <message numerus="yes">
        <source>Carnet is still saving the change to %n item(s): try again once it is done.</source>
        <translation><numerusform>Carnet enregistre encore la modification d’un dessin : réessayez une fois qu’elle est terminée.</numerusform><numerusform>Carnet enregistre encore la modification de %n dessins : réessayez une fois qu’elle est terminée.</numerusform></translation>
    </message>
    <message>
        <source>The change could not be saved: the catalog is as it was.</source>
        <translation>La modification n’a pas pu être enregistrée : le catalogue est resté tel qu’il était.</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/controller.py" line="66" />
        <source>This archive is open read-only: changes are not possible.</source>
        <extracomment>Items whose description changed (repaint them, reload the inspector). Items were added, trashed or restored, or sessions changed: reload lists and counts. A background failure or a refused edit: (message, details). The search index caught up with the catalog. Who holds the writer lock when this window opened the archive read-only.</extracomment>
        <translation>Cette archive est ouverte en lecture seule : aucune modification n’est possible.</translation>
    </message>
</context>
<context>
    <name>CarnetApp</name>
    <message>
        <location filename="../../app/carnet/ui/app.py" line="96" />
        <source>Opened read-only</source>
        <translation>Ouverte en lecture seule</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/app.py" line="97" />
        <source>This archive is being written by another Carnet (%1). It is open read-only: you can browse and search, not edit.</source>
        <translation>Un autre Carnet écrit dans cette archive (%1). Elle est ouverte en lecture seule : vous pouvez parcourir et chercher, pas modifier.</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/app.py" line="121" />
        <source>This archive cannot be written here (%1). It is open read-only: you can browse, search and export, not edit.</source>
        <translation>Cette archive ne peut pas être modifiée ici (%1). Elle est ouverte en lecture seule : vous pouvez parcourir, chercher et exporter, pas modifier.</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/app.py" line="143" />
        <source>Open archive</source>
        <translation>Ouvrir une archive</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/app.py" line="148" />
        <source>New archive</source>
        <translation>Nouvelle archive</translation>
    </message>
</context>
<context>
    <name>BookletDialog</name>
    <message>
        <source>Print a booklet</source>
        <translation>Imprimer un livret</translation>
    </message>
    <message>
        <source>A PDF ready to print: a cover, the programme, each drawing on its own page with its caption and credits, an index and the licences. For exhibitions, the participants, the town hall and the library.</source>
        <translation>Un PDF prêt à imprimer : une couverture, le programme, chaque dessin sur sa page avec sa légende et ses crédits, un index et les licences. Pour les expositions, les participants, la mairie et la médiathèque.</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>Événement</translation>
    </message>
    <message>
        <source>What to print</source>
        <translation>Ce qu’il faut imprimer</translation>
    </message>
    <message>
        <source>The whole event</source>
        <translation>Tout l’événement</translation>
    </message>
    <message>
        <source>One session</source>
        <translation>Une session</translation>
    </message>
    <message>
        <source>Print</source>
        <translation>Imprimer</translation>
    </message>
    <message>
        <source>Session</source>
        <translation>Session</translation>
    </message>
    <message>
        <source>PDF file</source>
        <translation>Fichier PDF</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>Choisir…</translation>
    </message>
    <message>
        <source>Choose the PDF file</source>
        <translation>Choisir le fichier PDF</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Fichier</translation>
    </message>
    <message>
        <source>Paper size</source>
        <translation>Format du papier</translation>
    </message>
    <message>
        <source>US Letter</source>
        <translation>Lettre US</translation>
    </message>
    <message>
        <source>Paper</source>
        <translation>Papier</translation>
    </message>
    <message>
        <source>Language of the booklet</source>
        <translation>Langue du livret</translation>
    </message>
    <message>
        <source>The event's language</source>
        <translation>La langue de l’événement</translation>
    </message>
    <message>
        <source>French</source>
        <translation>Français</translation>
    </message>
    <message>
        <source>English</source>
        <translation>Anglais</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Langue</translation>
    </message>
    <message>
        <source>Large print: bigger type and high contrast, for readers with low vision</source>
        <translation>Gros caractères : texte plus grand et contraste fort, pour les lecteurs malvoyants</translation>
    </message>
    <message>
        <source>Also print drawings that are not published</source>
        <translation>Imprimer aussi les dessins non publiés</translation>
    </message>
    <message>
        <source>Print to PDF</source>
        <translation>Imprimer en PDF</translation>
    </message>
    <message>
        <source>Booklet progress</source>
        <translation>Avancement du livret</translation>
    </message>
    <message>
        <source>Problems</source>
        <translation>Problèmes</translation>
    </message>
    <message>
        <source>Open the PDF</source>
        <translation>Ouvrir le PDF</translation>
    </message>
    <message>
        <source>This archive has no event yet: nothing to print.</source>
        <translation>Cette archive n’a pas encore d’événement : rien à imprimer.</translation>
    </message>
    <message>
        <source>Booklet file</source>
        <translation>Fichier du livret</translation>
    </message>
    <message>
        <source>PDF documents (*.pdf)</source>
        <translation>Documents PDF (*.pdf)</translation>
    </message>
    <message>
        <source>Preparing the booklet…</source>
        <translation>Préparation du livret…</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Annulation…</translation>
    </message>
    <message>
        <source>Writing the PDF…</source>
        <translation>Écriture du PDF…</translation>
    </message>
    <message>
        <source>File: %1</source>
        <translation>Fichier : %1</translation>
    </message>
    <message>
        <source>Booklet cancelled: no file was written.</source>
        <translation>Livret annulé : aucun fichier n’a été écrit.</translation>
    </message>
    <message>
        <source>The booklet stopped: %1</source>
        <translation>Le livret s’est arrêté : %1</translation>
    </message>
    <message numerus="yes">
        <source>The %n selected drawing(s)</source>
        <translation><numerusform>Le dessin sélectionné</numerusform><numerusform>Les %n dessins sélectionnés</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n of %1 drawings</source>
        <translation><numerusform>%n dessin sur %1</numerusform><numerusform>%n dessins sur %1</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n drawing(s) printed</source>
        <translation><numerusform>%n dessin imprimé</numerusform><numerusform>%n dessins imprimés</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n page(s)</source>
        <translation><numerusform>%n page</numerusform><numerusform>%n pages</numerusform></translation>
    </message>
</context>
<context>
    <name>CoverageDialog</name>
    <message>
        <source>Illustrator</source>
        <translation>Illustrateur·rice</translation>
    </message>
    <message>
        <source>Copy as CSV</source>
        <translation>Copier en CSV</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>Exporter en CSV…</translation>
    </message>
    <message>
        <source>Everyone</source>
        <translation>Tout le monde</translation>
    </message>
    <message>
        <source>Export CSV</source>
        <translation>Exporter en CSV</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>Fichiers CSV (*.csv)</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>Impossible d’écrire %1 : %2</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/coverage.py" line="64" />
        <source>Coverage</source>
        <translation>Couverture</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/coverage.py" line="67" />
        <location filename="../../app/carnet/ui/coverage.py" line="78" />
        <source>Event</source>
        <translation>Événement</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/coverage.py" line="73" />
        <source>Sessions and their items</source>
        <translation>Les sessions et leurs dessins</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/carnet/ui/coverage.py" line="93" />
        <source>%n session(s) without any item</source>
        <translation><numerusform>%n session sans aucun dessin</numerusform><numerusform>%n sessions sans aucun dessin</numerusform></translation>
    </message>
</context>
<context>
    <name>CoverageModel</name>
    <message>
        <location filename="../../app/carnet/ui/coverage.py" line="37" />
        <source>Time</source>
        <translation>Horaire</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/coverage.py" line="37" />
        <source>Session</source>
        <translation>Session</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/coverage.py" line="37" />
        <source>Track</source>
        <translation>Parcours</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/coverage.py" line="37" />
        <source>Room</source>
        <translation>Salle</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/coverage.py" line="37" />
        <source>Items</source>
        <translation>Dessins</translation>
    </message>
</context>
<context>
    <name>CrashDialog</name>
    <message>
        <location filename="../../app/carnet/ui/errors.py" line="41" />
        <source>Carnet ran into a problem</source>
        <translation>Carnet a rencontré un problème</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/errors.py" line="44" />
        <source>Something went wrong that Carnet did not expect. Your archive is safe: every change is saved as you make it. You can keep working, or quit and start Carnet again.</source>
        <translation>Carnet a rencontré une erreur inattendue. Votre archive ne risque rien : chaque modification est enregistrée aussitôt. Vous pouvez continuer, ou quitter et relancer Carnet.</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <location filename="../../app/carnet/ui/export_dialog.py" line="75" />
        <source>Export the archive kit</source>
        <translation>Exporter le kit d’archive</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/export_dialog.py" line="86" />
        <source>The kit is a static website of the event's published drawings, with its own search: it works offline and can be put on any web server.</source>
        <translation>Le kit est un site web statique des dessins publiés de l’événement, avec sa propre recherche : il fonctionne hors ligne et peut être déposé sur n’importe quel serveur web.</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/export_dialog.py" line="93" />
        <source>Event</source>
        <translation>Événement</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/export_dialog.py" line="100" />
        <source>Output folder</source>
        <translation>Dossier de sortie</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/export_dialog.py" line="101" />
        <source>Choose…</source>
        <translation>Choisir…</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/export_dialog.py" line="102" />
        <source>Choose the output folder</source>
        <translation>Choisir le dossier de sortie</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/export_dialog.py" line="107" />
        <source>Folder</source>
        <translation>Dossier</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/export_dialog.py" line="109" />
        <source>Language of the pages</source>
        <translation>Langue des pages</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/export_dialog.py" line="110" />
        <source>The event's language</source>
        <translation>La langue de l’événement</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/export_dialog.py" line="111" />
        <source>French</source>
        <translation>Français</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/export_dialog.py" line="112" />
        <source>English</source>
        <translation>Anglais</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/export_dialog.py" line="113" />
        <source>Language</source>
        <translation>Langue</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/export_dialog.py" line="114" />
        <source>Also write a zip file</source>
        <translation>Écrire aussi un fichier zip</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/export_dialog.py" line="115" />
        <source>Include the original files</source>
        <translation>Inclure les fichiers originaux</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/export_dialog.py" line="117" />
        <source>Write into a folder that holds other files (they are kept)</source>
        <translation>Écrire dans un dossier qui contient d’autres fichiers (ils sont conservés)</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/export_dialog.py" line="134" />
        <source>Export</source>
        <translation>Exporter</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/export_dialog.py" line="143" />
        <source>Preparing the kit…</source>
        <translation>Préparation du kit…</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/export_dialog.py" line="145" />
        <source>Export progress</source>
        <translation>Progression de l’export</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/export_dialog.py" line="166" />
        <source>Problems</source>
        <translation>Problèmes</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/export_dialog.py" line="170" />
        <source>Open in browser</source>
        <translation>Ouvrir dans le navigateur</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/export_dialog.py" line="182" />
        <source>This archive has no event yet: nothing to export.</source>
        <translation>Cette archive n’a pas encore d’événement : rien à exporter.</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/export_dialog.py" line="202" />
        <source>Folder of the kit</source>
        <translation>Dossier du kit</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/export_dialog.py" line="230" />
        <source>%1 already holds other files. Choose an empty folder, or tick “Write into a folder that holds other files”.</source>
        <translation>%1 contient déjà d’autres fichiers. Choisissez un dossier vide, ou cochez « Écrire dans un dossier qui contient d’autres fichiers ».</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/export_dialog.py" line="262" />
        <source>Cancelling…</source>
        <translation>Annulation…</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/carnet/ui/export_dialog.py" line="275" />
        <source>%n of %1 drawings</source>
        <translation><numerusform>%n dessin sur %1</numerusform><numerusform>%n dessins sur %1</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/carnet/ui/export_dialog.py" line="285" />
        <source>%n drawing(s) exported</source>
        <translation><numerusform>%n dessin exporté</numerusform><numerusform>%n dessins exportés</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/carnet/ui/export_dialog.py" line="287" />
        <source>%n page(s)</source>
        <translation><numerusform>%n page</numerusform><numerusform>%n pages</numerusform></translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/export_dialog.py" line="289" />
        <source>(%1 written, %2 unchanged, %3 removed).</source>
        <translation>(%1 écrits, %2 inchangés, %3 supprimés).</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/export_dialog.py" line="295" />
        <source>Folder: %1</source>
        <translation>Dossier : %1</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/export_dialog.py" line="297" />
        <source>Zip file: %1</source>
        <translation>Fichier zip : %1</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/export_dialog.py" line="299" />
        <source>No drawing of this event is published: the kit is empty.</source>
        <translation>Aucun dessin de cet événement n’est publié : le kit est vide.</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/export_dialog.py" line="302" />
        <source>Missing preview regenerated for item %1</source>
        <translation>Aperçu manquant régénéré pour le dessin %1</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/carnet/ui/export_dialog.py" line="308" />
        <source>%n file(s) Carnet did not write were kept in the folder</source>
        <translation><numerusform>%n fichier que Carnet n’a pas écrit a été conservé dans le dossier</numerusform><numerusform>%n fichiers que Carnet n’a pas écrits ont été conservés dans le dossier</numerusform></translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/export_dialog.py" line="325" />
        <source>Export cancelled. Export again to the same folder to complete the kit.</source>
        <translation>Export annulé. Exportez de nouveau dans le même dossier pour compléter le kit.</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/export_dialog.py" line="335" />
        <source>The export stopped: %1</source>
        <translation>L’export s’est arrêté : %1</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <location filename="../../app/carnet/ui/import_dialog.py" line="85" />
        <location filename="../../app/carnet/ui/import_dialog.py" line="126" />
        <source>Import</source>
        <translation>Importer</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/import_dialog.py" line="95" />
        <source>Files and folders to import</source>
        <translation>Fichiers et dossiers à importer</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/import_dialog.py" line="98" />
        <source>Add files…</source>
        <translation>Ajouter des fichiers…</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/import_dialog.py" line="99" />
        <source>Add folder…</source>
        <translation>Ajouter un dossier…</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/import_dialog.py" line="105" />
        <source>Files</source>
        <translation>Fichiers</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/import_dialog.py" line="108" />
        <location filename="../../app/carnet/ui/import_dialog.py" line="114" />
        <source>Event</source>
        <translation>Événement</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/import_dialog.py" line="109" />
        <source>No event</source>
        <translation>Aucun événement</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/import_dialog.py" line="117" />
        <location filename="../../app/carnet/ui/import_dialog.py" line="121" />
        <source>Illustrator</source>
        <translation>Illustrateur·rice</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/import_dialog.py" line="120" />
        <source>Who drew them (optional)</source>
        <translation>Qui les a dessinés (facultatif)</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/import_dialog.py" line="135" />
        <source>Looking for files…</source>
        <translation>Recherche des fichiers…</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/import_dialog.py" line="137" />
        <source>Import progress</source>
        <translation>Progression de l’import</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/import_dialog.py" line="156" />
        <source>Rejected files</source>
        <translation>Fichiers refusés</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/import_dialog.py" line="180" />
        <source>Add files</source>
        <translation>Ajouter des fichiers</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/import_dialog.py" line="180" />
        <source>Images (*.jpg *.jpeg *.png *.tif *.tiff *.webp *.heic *.heif);;All files (*)</source>
        <translation>Images (*.jpg *.jpeg *.png *.tif *.tiff *.webp *.heic *.heif);;Tous les fichiers (*)</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/import_dialog.py" line="185" />
        <source>Add folder</source>
        <translation>Ajouter un dossier</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/import_dialog.py" line="215" />
        <source>Cancelling: finishing the files in progress…</source>
        <translation>Annulation : fin des fichiers en cours…</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/carnet/ui/import_dialog.py" line="227" />
        <source>%n of %1 files</source>
        <translation><numerusform>%n fichier sur %1</numerusform><numerusform>%n fichiers sur %1</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/carnet/ui/import_dialog.py" line="232" />
        <source>%n imported</source>
        <translation><numerusform>%n importé</numerusform><numerusform>%n importés</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/carnet/ui/import_dialog.py" line="234" />
        <source>%n already in the archive</source>
        <translation><numerusform>%n déjà dans l’archive</numerusform><numerusform>%n déjà dans l’archive</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/carnet/ui/import_dialog.py" line="236" />
        <source>%n rejected</source>
        <translation><numerusform>%n refusé</numerusform><numerusform>%n refusés</numerusform></translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/import_dialog.py" line="239" />
        <source>Import cancelled.</source>
        <translation>Import annulé.</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/import_dialog.py" line="249" />
        <source>The import stopped: %1</source>
        <translation>L’import s’est arrêté : %1</translation>
    </message>
</context>
<context>
    <name>InspectorPanel</name>
    <message>
        <source>Confirm the suggested session</source>
        <translation>Confirmer la session suggérée</translation>
    </message>
    <message numerus="yes">
        <source>%n item(s) matched by capture time: keep their session, set by hand</source>
        <translation><numerusform>%n dessin rattaché par l’heure de prise de vue : garder sa session, choisie à la main</numerusform><numerusform>%n dessins rattachés par l’heure de prise de vue : garder leur session, choisie à la main</numerusform></translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/inspector.py" line="119" />
        <source>No licence</source>
        <translation>Aucune licence</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/inspector.py" line="126" />
        <location filename="../../app/carnet/ui/inspector.py" line="151" />
        <source>Published in the kit</source>
        <translation>Publié dans le kit</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/inspector.py" line="137" />
        <source>Title</source>
        <translation>Titre</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/inspector.py" line="138" />
        <source>Caption</source>
        <translation>Légende</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/inspector.py" line="139" />
        <source>Transcription</source>
        <translation>Transcription</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/inspector.py" line="140" />
        <source>Session</source>
        <translation>Session</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/inspector.py" line="141" />
        <source>Speakers</source>
        <translation>Intervenants</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/inspector.py" line="142" />
        <source>Tags</source>
        <translation>Mots-clés</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/inspector.py" line="143" />
        <source>Illustrator</source>
        <translation>Illustrateur·rice</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/inspector.py" line="144" />
        <source>Licence</source>
        <translation>Licence</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/inspector.py" line="145" />
        <source>Rights</source>
        <translation>Droits</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/inspector.py" line="153" />
        <source>Names, separated by commas</source>
        <translation>Noms, séparés par des virgules</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/inspector.py" line="154" />
        <source>theme/communs, …</source>
        <translation>theme/communs, …</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/inspector.py" line="164" />
        <source>Captured</source>
        <translation>Prise de vue</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/inspector.py" line="165" />
        <source>Camera</source>
        <translation>Appareil</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/inspector.py" line="166" />
        <source>Size</source>
        <translation>Taille</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/inspector.py" line="167" />
        <source>File</source>
        <translation>Fichier</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/inspector.py" line="243" />
        <source>No selection</source>
        <translation>Aucune sélection</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/carnet/ui/inspector.py" line="248" />
        <source>%n items selected</source>
        <translation><numerusform>%n dessin sélectionné</numerusform><numerusform>%n dessins sélectionnés</numerusform></translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/inspector.py" line="249" />
        <source>Mixed: type to replace on all</source>
        <translation>Valeurs différentes : tapez pour remplacer partout</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/inspector.py" line="270" />
        <source>Some items: %1</source>
        <translation>Certains dessins : %1</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/inspector.py" line="271" />
        <source>On some items only: %1</source>
        <translation>Sur certains dessins seulement : %1</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/inspector.py" line="289" />
        <location filename="../../app/carnet/ui/inspector.py" line="311" />
        <source>Mixed</source>
        <translation>Valeurs différentes</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/inspector.py" line="296" />
        <source>No session</source>
        <translation>Sans session</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/inspector.py" line="547" />
        <source>“%1” could be several sessions (%2): the session is unchanged. Choose one in the list.</source>
        <translation>« %1 » peut désigner plusieurs sessions (%2) : la session n’a pas changé. Choisissez-en une dans la liste.</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/inspector.py" line="553" />
        <source>No session matches “%1”: the session is unchanged.</source>
        <translation>Aucune session ne correspond à « %1 » : la session n’a pas changé.</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/inspector.py" line="1" />
        <source>Inspector</source>
        <translation>Inspecteur</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/inspector.py" line="1" />
        <source>CC0 1.0 (public domain dedication)</source>
        <translation>CC0 1.0 (transfert dans le domaine public)</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/inspector.py" line="1" />
        <source>Public Domain Mark 1.0</source>
        <translation>Marque du domaine public 1.0</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/inspector.py" line="1" />
        <source>Creative Commons Attribution 4.0</source>
        <translation>Creative Commons Attribution 4.0</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/inspector.py" line="1" />
        <source>Creative Commons Attribution-ShareAlike 4.0</source>
        <translation>Creative Commons Attribution - Partage dans les mêmes conditions 4.0</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/inspector.py" line="1" />
        <source>Creative Commons Attribution-NoDerivatives 4.0</source>
        <translation>Creative Commons Attribution - Pas de modification 4.0</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/inspector.py" line="1" />
        <source>Creative Commons Attribution-NonCommercial 4.0</source>
        <translation>Creative Commons Attribution - Pas d’utilisation commerciale 4.0</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/inspector.py" line="1" />
        <source>Creative Commons Attribution-NonCommercial-ShareAlike 4.0</source>
        <translation>Creative Commons Attribution - Pas d’utilisation commerciale - Partage dans les mêmes conditions 4.0</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/inspector.py" line="1" />
        <source>Creative Commons Attribution-NonCommercial-NoDerivatives 4.0</source>
        <translation>Creative Commons Attribution - Pas d’utilisation commerciale - Pas de modification 4.0</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/inspector.py" line="1" />
        <source>All rights reserved</source>
        <translation>Tous droits réservés</translation>
    </message>
</context>
<context>
    <name>ItemGridView</name>
    <message>
        <location filename="../../app/carnet/ui/main_window.py" line="60" />
        <source>Items</source>
        <translation>Dessins</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Review merge conflicts…</source>
        <translation>Examiner les conflits de fusion…</translation>
    </message>
    <message>
        <source>Still saving the last change: undo and redo wait until it is done.</source>
        <translation>La dernière modification est encore en cours d’enregistrement : annuler et rétablir attendent qu’elle soit terminée.</translation>
    </message>
    <message numerus="yes">
        <source>Saving the change to %n item(s)…</source>
        <translation><numerusform>Enregistrement de la modification d’un dessin…</numerusform><numerusform>Enregistrement de la modification de %n dessins…</numerusform></translation>
    </message>
    <message>
        <source>Show in folder</source>
        <translation>Afficher dans le dossier</translation>
    </message>
    <message>
        <source>The original of this drawing is missing from the archive.</source>
        <translation>L’original de ce dessin manque dans l’archive.</translation>
    </message>
    <message>
        <source>Crop selection…</source>
        <translation>Recadrer la sélection…</translation>
    </message>
    <message>
        <source>Crop the selection</source>
        <translation>Recadrer la sélection</translation>
    </message>
    <message>
        <source>Rotate selection by…</source>
        <translation>Faire pivoter la sélection de…</translation>
    </message>
    <message>
        <source>Rotate selection</source>
        <translation>Faire pivoter la sélection</translation>
    </message>
    <message>
        <source>Degrees, clockwise (negative: anticlockwise)</source>
        <translation>Degrés, dans le sens horaire (négatif : sens antihoraire)</translation>
    </message>
    <message>
        <source>Merge an archive or package…</source>
        <translation>Fusionner une archive ou un paquet…</translation>
    </message>
    <message>
        <source>Share with the organiser…</source>
        <translation>Partager avec l’organisateur…</translation>
    </message>
    <message>
        <source>Read the lettering</source>
        <translation>Lire le lettrage</translation>
    </message>
    <message>
        <source>Print a booklet…</source>
        <translation>Imprimer un livret…</translation>
    </message>
    <message>
        <source>Print the drawings of an event as a PDF booklet</source>
        <translation>Imprimer les dessins d’un événement dans un livret PDF</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/main_window.py" line="115" />
        <source>Main toolbar</source>
        <translation>Barre d’outils principale</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/main_window.py" line="121" />
        <source>Sort by</source>
        <translation>Trier par</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/main_window.py" line="123" />
        <source>Capture time</source>
        <translation>Date de prise de vue</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/main_window.py" line="124" />
        <source>Import time</source>
        <translation>Date d’import</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/main_window.py" line="125" />
        <source>Title</source>
        <translation>Titre</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/main_window.py" line="133" />
        <source>Thumbnail size</source>
        <translation>Taille des vignettes</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/main_window.py" line="162" />
        <source>Read-only</source>
        <translation>Lecture seule</translation>
    </message>
    <message>
        <source>Open for editing</source>
        <translation>Ouvrir pour modifier</translation>
    </message>
    <message>
        <source>The other Carnet closed this archive: edit it here</source>
        <translation>L’autre Carnet a fermé cette archive : modifiez-la ici</translation>
    </message>
    <message>
        <source>The other Carnet closed this archive: you can open it for editing.</source>
        <translation>L’autre Carnet a fermé cette archive : vous pouvez l’ouvrir pour la modifier.</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/main_window.py" line="184" />
        <source>Undo</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/main_window.py" line="186" />
        <source>Redo</source>
        <translation>Rétablir</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/main_window.py" line="192" />
        <source>Import…</source>
        <translation>Importer…</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/main_window.py" line="193" />
        <source>Export kit…</source>
        <translation>Exporter le kit…</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/main_window.py" line="196" />
        <source>New archive…</source>
        <translation>Nouvelle archive…</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/main_window.py" line="197" />
        <source>Open archive…</source>
        <translation>Ouvrir une archive…</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/main_window.py" line="198" />
        <source>Close archive</source>
        <translation>Fermer l’archive</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/main_window.py" line="199" />
        <source>Quit</source>
        <translation>Quitter</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/main_window.py" line="201" />
        <source>Move to trash</source>
        <translation>Mettre à la corbeille</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/main_window.py" line="203" />
        <source>Restore from trash</source>
        <translation>Restaurer depuis la corbeille</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/main_window.py" line="204" />
        <source>Empty trash…</source>
        <translation>Vider la corbeille…</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/main_window.py" line="205" />
        <source>Select all</source>
        <translation>Tout sélectionner</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/main_window.py" line="206" />
        <source>Search</source>
        <translation>Rechercher</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/main_window.py" line="207" />
        <source>Save search…</source>
        <translation>Enregistrer la recherche…</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/main_window.py" line="208" />
        <source>View</source>
        <translation>Afficher</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/main_window.py" line="212" />
        <source>Larger thumbnails</source>
        <translation>Vignettes plus grandes</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/main_window.py" line="213" />
        <source>Smaller thumbnails</source>
        <translation>Vignettes plus petites</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/main_window.py" line="214" />
        <source>Programme…</source>
        <translation>Programme…</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/main_window.py" line="215" />
        <source>Match items to sessions…</source>
        <translation>Associer les dessins aux sessions…</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/main_window.py" line="216" />
        <source>Coverage…</source>
        <translation>Couverture…</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/main_window.py" line="217" />
        <source>Preferences…</source>
        <translation>Préférences…</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/main_window.py" line="218" />
        <location filename="../../app/carnet/ui/main_window.py" line="490" />
        <source>About Carnet</source>
        <translation>À propos de Carnet</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/main_window.py" line="621" />
        <source>Version %1</source>
        <translation>Version %1</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/main_window.py" line="225" />
        <source>&amp;File</source>
        <translation>&amp;Fichier</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/main_window.py" line="229" />
        <source>&amp;Edit</source>
        <translation>&amp;Édition</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/main_window.py" line="234" />
        <source>&amp;View</source>
        <translation>&amp;Affichage</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/main_window.py" line="237" />
        <source>E&amp;vent</source>
        <translation>É&amp;vénement</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/main_window.py" line="240" />
        <source>&amp;Help</source>
        <translation>&amp;Aide</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/main_window.py" line="249" />
        <source>Sort</source>
        <translation>Trier</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/carnet/ui/main_window.py" line="299" />
        <source>%n item(s)</source>
        <translation><numerusform>%n dessin</numerusform><numerusform>%n dessins</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/carnet/ui/main_window.py" line="301" />
        <source>%n selected</source>
        <translation><numerusform>%n sélectionné</numerusform><numerusform>%n sélectionnés</numerusform></translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/main_window.py" line="306" />
        <source>Did you mean: %1</source>
        <translation>Vouliez-vous dire : %1</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/main_window.py" line="313" />
        <source>(read-only)</source>
        <translation>(lecture seule)</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/main_window.py" line="400" />
        <source>Empty trash</source>
        <translation>Vider la corbeille</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/carnet/ui/main_window.py" line="401" />
        <source>Delete the %n item(s) in the trash for good? Their originals are removed from the archive. This cannot be undone.</source>
        <translation><numerusform>Supprimer définitivement le dessin de la corbeille ? Son original est retiré de l’archive. C’est irréversible.</numerusform><numerusform>Supprimer définitivement les %n dessins de la corbeille ? Leurs originaux sont retirés de l’archive. C’est irréversible.</numerusform></translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/main_window.py" line="418" />
        <source>Type a search first, then save it.</source>
        <translation>Tapez d’abord une recherche, puis enregistrez-la.</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/main_window.py" line="420" />
        <source>Save search</source>
        <translation>Enregistrer la recherche</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/main_window.py" line="420" />
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/main_window.py" line="491" />
        <source>Carnet keeps the archives of live graphic recording: import, describe, search and publish the drawings made at events.</source>
        <translation>Carnet garde les archives de la facilitation graphique : importer, décrire, chercher et publier les dessins faits pendant les événements.</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/main_window.py" line="360" />
        <source>Add an event first: a kit is made of one event.</source>
        <translation>Ajoutez d’abord un événement : un kit porte sur un événement.</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/main_window.py" line="1" />
        <source>Keyboard shortcuts</source>
        <translation>Raccourcis clavier</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/main_window.py" line="1" />
        <source>Viewer</source>
        <translation>Visionneuse</translation>
    </message>
</context>
<context>
    <name>MatchReviewDialog</name>
    <message>
        <source>Room</source>
        <translation>Salle</translation>
    </message>
    <message>
        <source>Track</source>
        <translation>Parcours</translation>
    </message>
    <message>
        <source>Illustrator</source>
        <translation>Illustrateur</translation>
    </message>
    <message>
        <source>Accept all suggestions</source>
        <translation>Accepter toutes les suggestions</translation>
    </message>
    <message>
        <source>one of sessions running at once</source>
        <translation>une des sessions simultanées</translation>
    </message>
    <message>
        <source>nearest session (outside every session)</source>
        <translation>session la plus proche (hors de toute session)</translation>
    </message>
    <message>
        <source>nearest session (the suggestion was rejected)</source>
        <translation>session la plus proche (la suggestion a été rejetée)</translation>
    </message>
    <message>
        <source>Any</source>
        <translation>Toutes</translation>
    </message>
    <message numerus="yes">
        <source>%n drawing(s) to review</source>
        <translation><numerusform>%n dessin à examiner</numerusform><numerusform>%n dessins à examiner</numerusform></translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/programme.py" line="234" />
        <source>Match items to sessions</source>
        <translation>Associer les dessins aux sessions</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/programme.py" line="237" />
        <location filename="../../app/carnet/ui/programme.py" line="266" />
        <source>Event</source>
        <translation>Événement</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/programme.py" line="245" />
        <source> min</source>
        <translation> min</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/programme.py" line="246" />
        <location filename="../../app/carnet/ui/programme.py" line="268" />
        <source>Grace period</source>
        <translation>Délai de grâce</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/programme.py" line="247" />
        <source>Find matches</source>
        <translation>Chercher les correspondances</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/programme.py" line="252" />
        <source>Suggestions</source>
        <translation>Suggestions</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/programme.py" line="256" />
        <source>Accept selected</source>
        <translation>Accepter la sélection</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/programme.py" line="257" />
        <source>Accept all</source>
        <translation>Tout accepter</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/programme.py" line="258" />
        <source>Reject selected</source>
        <translation>Rejeter la sélection</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/programme.py" line="259" />
        <source>Close</source>
        <translation>Fermer</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/programme.py" line="291" />
        <source>during the session</source>
        <translation>pendant la session</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/programme.py" line="291" />
        <source>just after it ended</source>
        <translation>juste après la fin</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/carnet/ui/programme.py" line="310" />
        <location filename="../../app/carnet/ui/programme.py" line="319" />
        <source>%n suggestion(s) to review</source>
        <translation><numerusform>%n suggestion à examiner</numerusform><numerusform>%n suggestions à examiner</numerusform></translation>
    </message>
</context>
<context>
    <name>PreferencesDialog</name>
    <message>
        <source>Read the lettering of new drawings after each import</source>
        <translation>Lire le lettrage des nouveaux dessins après chaque import</translation>
    </message>
    <message>
        <source>The OCR engine (rapidocr and onnxruntime) is missing from this installation: reinstall Carnet to read the lettering.</source>
        <translation>Le moteur d’OCR (rapidocr et onnxruntime) est absent de cette installation : réinstallez Carnet pour lire le lettrage.</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/preferences.py" line="14" />
        <source>Preferences</source>
        <translation>Préférences</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/preferences.py" line="18" />
        <location filename="../../app/carnet/ui/preferences.py" line="24" />
        <source>Language</source>
        <translation>Langue</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/preferences.py" line="19" />
        <source>System language</source>
        <translation>Langue du système</translation>
    </message>
</context>
<context>
    <name>PreviewCanvas</name>
    <message>
        <location filename="../../app/carnet/ui/viewer.py" line="27" />
        <source>Preview</source>
        <translation>Aperçu</translation>
    </message>
</context>
<context>
    <name>ZoomCanvas</name>
    <message>
        <location filename="../../app/carnet/ui/zoom.py" line="54" />
        <source>Preview</source>
        <translation>Aperçu</translation>
    </message>
</context>
<context>
    <name>ProgrammeDialog</name>
    <message>
        <source>Add session</source>
        <translation>Ajouter une session</translation>
    </message>
    <message>
        <source>Split…</source>
        <translation>Scinder…</translation>
    </message>
    <message>
        <source>Merge</source>
        <translation>Fusionner</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Supprimer</translation>
    </message>
    <message>
        <source>New session</source>
        <translation>Nouvelle session</translation>
    </message>
    <message>
        <source>Select the one session to split.</source>
        <translation>Sélectionnez la session à scinder, une seule.</translation>
    </message>
    <message>
        <source>Split session</source>
        <translation>Scinder la session</translation>
    </message>
    <message>
        <source>Split “%1” at:</source>
        <translation>Scinder « %1 » à :</translation>
    </message>
    <message>
        <source>Select two or more sessions to merge.</source>
        <translation>Sélectionnez au moins deux sessions à fusionner.</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/programme.py" line="117" />
        <source>Programme</source>
        <translation>Programme</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/programme.py" line="120" />
        <location filename="../../app/carnet/ui/programme.py" line="139" />
        <source>Event</source>
        <translation>Événement</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/programme.py" line="126" />
        <source>Sessions</source>
        <translation>Sessions</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/programme.py" line="131" />
        <source>Import programme…</source>
        <translation>Importer un programme…</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/programme.py" line="134" />
        <source>Match items to sessions…</source>
        <translation>Associer les dessins aux sessions…</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/carnet/ui/programme.py" line="157" />
        <source>%n session(s)</source>
        <translation><numerusform>%n session</numerusform><numerusform>%n sessions</numerusform></translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/programme.py" line="164" />
        <source>Import programme</source>
        <translation>Importer un programme</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/programme.py" line="164" />
        <source>Programmes (*.csv *.ics *.xml *.json);;All files (*)</source>
        <translation>Programmes (*.csv *.ics *.xml *.json);;Tous les fichiers (*)</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/programme.py" line="178" />
        <source>This programme was refused; nothing was imported.</source>
        <translation>Ce programme a été refusé ; rien n’a été importé.</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/programme.py" line="186" />
        <source>%1 added, %2 updated, %3 unchanged.</source>
        <translation>%1 ajoutées, %2 mises à jour, %3 inchangées.</translation>
    </message>
</context>
<context>
    <name>RejectedModel</name>
    <message>
        <location filename="../../app/carnet/ui/import_dialog.py" line="58" />
        <source>File</source>
        <translation>Fichier</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/import_dialog.py" line="58" />
        <source>Reason</source>
        <translation>Raison</translation>
    </message>
</context>
<context>
    <name>SearchField</name>
    <message>
        <location filename="../../app/carnet/ui/searchbar.py" line="24" />
        <source>Search titles, captions, speakers, tags…</source>
        <translation>Chercher titres, légendes, intervenants, mots-clés…</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/searchbar.py" line="25" />
        <source>Search</source>
        <translation>Rechercher</translation>
    </message>
</context>
<context>
    <name>SessionTableModel</name>
    <message>
        <location filename="../../app/carnet/ui/programme.py" line="65" />
        <source>Title</source>
        <translation>Titre</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/programme.py" line="65" />
        <source>Track</source>
        <translation>Parcours</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/programme.py" line="65" />
        <source>Room</source>
        <translation>Salle</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/programme.py" line="66" />
        <source>Start</source>
        <translation>Début</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/programme.py" line="66" />
        <source>End</source>
        <translation>Fin</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/programme.py" line="66" />
        <source>Speakers</source>
        <translation>Intervenants</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/programme.py" line="101" />
        <source>Write times as YYYY-MM-DD HH:MM.</source>
        <translation>Écrivez les heures sous la forme AAAA-MM-JJ HH:MM.</translation>
    </message>
</context>
<context>
    <name>SidebarModel</name>
    <message>
        <source>Merge conflicts</source>
        <translation>Conflits de fusion</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/sidebar.py" line="62" />
        <source>Library</source>
        <translation>Bibliothèque</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/sidebar.py" line="63" />
        <source>All items</source>
        <translation>Tous les dessins</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/sidebar.py" line="64" />
        <source>No session</source>
        <translation>Sans session</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/sidebar.py" line="65" />
        <source>Suggested matches</source>
        <translation>Sessions suggérées</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/sidebar.py" line="66" />
        <source>Not published</source>
        <translation>Non publiés</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/sidebar.py" line="67" />
        <source>Trash</source>
        <translation>Corbeille</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/sidebar.py" line="69" />
        <source>Search results</source>
        <translation>Résultats de recherche</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/sidebar.py" line="71" />
        <location filename="../../app/carnet/ui/sidebar.py" line="86" />
        <source>Events</source>
        <translation>Événements</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/sidebar.py" line="72" />
        <source>Sessions</source>
        <translation>Sessions</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/sidebar.py" line="73" />
        <location filename="../../app/carnet/ui/sidebar.py" line="110" />
        <source>Speakers</source>
        <translation>Intervenants</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/sidebar.py" line="74" />
        <location filename="../../app/carnet/ui/sidebar.py" line="111" />
        <source>Illustrators</source>
        <translation>Illustrateur·rices</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/sidebar.py" line="75" />
        <location filename="../../app/carnet/ui/sidebar.py" line="123" />
        <source>Tags</source>
        <translation>Mots-clés</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/sidebar.py" line="108" />
        <source>People</source>
        <translation>Personnes</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/sidebar.py" line="112" />
        <source>Facilitators</source>
        <translation>Facilitateurs</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/sidebar.py" line="139" />
        <source>Saved searches</source>
        <translation>Recherches enregistrées</translation>
    </message>
</context>
<context>
    <name>SidebarView</name>
    <message>
        <location filename="../../app/carnet/ui/sidebar.py" line="221" />
        <source>Sidebar</source>
        <translation>Barre latérale</translation>
    </message>
</context>
<context>
    <name>PlanModel</name>
    <message>
        <source>Add</source>
        <translation>Ajouter</translation>
    </message>
    <message>
        <source>Update</source>
        <translation>Mettre à jour</translation>
    </message>
    <message>
        <source>Unchanged</source>
        <translation>Inchangée</translation>
    </message>
    <message>
        <source>Skipped</source>
        <translation>Ignorée</translation>
    </message>
    <message>
        <source>What</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Début</translation>
    </message>
    <message>
        <source>Session or line</source>
        <translation>Session ou ligne</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>Pourquoi</translation>
    </message>
</context>
<context>
    <name>ProgrammePreviewDialog</name>
    <message>
        <source>Import programme into %1</source>
        <translation>Importer le programme dans %1</translation>
    </message>
    <message>
        <source>Sessions to import</source>
        <translation>Sessions à importer</translation>
    </message>
    <message>
        <source>%1 to add, %2 to update, %3 unchanged, %4 skipped.</source>
        <translation>%1 à ajouter, %2 à mettre à jour, %3 inchangées, %4 ignorées.</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>Importer</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
</context>
<context>
    <name>SuggestionModel</name>
    <message>
        <source>Captured</source>
        <translation>Prise de vue</translation>
    </message>
    <message>
        <source>Session</source>
        <translation>Session</translation>
    </message>
    <message>
        <source>Room</source>
        <translation>Salle</translation>
    </message>
    <message>
        <source>Track</source>
        <translation>Parcours</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Horaire</translation>
    </message>
    <message>
        <source>Speakers</source>
        <translation>Intervenants</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/programme.py" line="211" />
        <source>Item</source>
        <translation>Dessin</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/programme.py" line="211" />
        <source>Now</source>
        <translation>Actuellement</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/programme.py" line="211" />
        <source>Suggested session</source>
        <translation>Session suggérée</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/programme.py" line="211" />
        <source>Why</source>
        <translation>Pourquoi</translation>
    </message>
</context>
<context>
    <name>Undo</name>
    <message numerus="yes">
        <source>Settle %n merge conflict(s)</source>
        <translation><numerusform>Régler %n conflit de fusion</numerusform><numerusform>Régler %n conflits de fusion</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Import programme “%1”: %n session(s) added, %2 updated</source>
        <translation><numerusform>Importer le programme « %1 » : %n session ajoutée, %2 mise(s) à jour</numerusform><numerusform>Importer le programme « %1 » : %n sessions ajoutées, %2 mise(s) à jour</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Assign %n drawing(s) to “%1”</source>
        <translation><numerusform>Rattacher %n dessin à « %1 »</numerusform><numerusform>Rattacher %n dessins à « %1 »</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Add the speaker “%1” to %n drawing(s)</source>
        <translation><numerusform>Ajouter l’intervenant « %1 » à %n dessin</numerusform><numerusform>Ajouter l’intervenant « %1 » à %n dessins</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Add the illustrator “%1” to %n drawing(s)</source>
        <translation><numerusform>Ajouter l’illustrateur·rice « %1 » à %n dessin</numerusform><numerusform>Ajouter l’illustrateur·rice « %1 » à %n dessins</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Add the tag “%1” to %n drawing(s)</source>
        <translation><numerusform>Ajouter le mot-clé « %1 » à %n dessin</numerusform><numerusform>Ajouter le mot-clé « %1 » à %n dessins</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Reject %n suggestion(s)</source>
        <translation><numerusform>Rejeter %n suggestion</numerusform><numerusform>Rejeter %n suggestions</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Confirm %n match(es)</source>
        <translation><numerusform>Confirmer %n rattachement</numerusform><numerusform>Confirmer %n rattachements</numerusform></translation>
    </message>
    <message>
        <source>Move in the session</source>
        <translation>Déplacer dans la session</translation>
    </message>
    <message>
        <source>Use as event cover</source>
        <translation>Prendre comme couverture de l’événement</translation>
    </message>
    <message>
        <source>Use as session cover</source>
        <translation>Prendre comme couverture de la session</translation>
    </message>
    <message>
        <source>Create the event {name}</source>
        <translation>Créer l’événement {name}</translation>
    </message>
    <message>
        <source>Edit the event {name}</source>
        <translation>Modifier l’événement {name}</translation>
    </message>
    <message>
        <source>Delete the event {name}</source>
        <translation>Supprimer l’événement {name}</translation>
    </message>
    <message>
        <source>Rename {name}</source>
        <translation>Renommer {name}</translation>
    </message>
    <message>
        <source>Merge {name} into {into}</source>
        <translation>Fusionner {name} avec {into}</translation>
    </message>
    <message>
        <source>Delete {name}</source>
        <translation>Supprimer {name}</translation>
    </message>
    <message>
        <source>Rename the tag {tag}</source>
        <translation>Renommer le mot-clé {tag}</translation>
    </message>
    <message>
        <source>Merge the tag {tag} into {into}</source>
        <translation>Fusionner le mot-clé {tag} avec {into}</translation>
    </message>
    <message>
        <source>Delete the tag {tag}</source>
        <translation>Supprimer le mot-clé {tag}</translation>
    </message>
    <message>
        <source>Rename the saved search {name}</source>
        <translation>Renommer la recherche enregistrée {name}</translation>
    </message>
    <message>
        <source>Delete the saved search {name}</source>
        <translation>Supprimer la recherche enregistrée {name}</translation>
    </message>
    <message>
        <source>Add a session</source>
        <translation>Ajouter une session</translation>
    </message>
    <message numerus="yes">
        <source>Delete %n session(s)</source>
        <translation><numerusform>Supprimer %n session</numerusform><numerusform>Supprimer %n sessions</numerusform></translation>
    </message>
    <message>
        <source>Split a session</source>
        <translation>Scinder une session</translation>
    </message>
    <message numerus="yes">
        <source>Merge %n session(s)</source>
        <translation><numerusform>Fusionner %n session</numerusform><numerusform>Fusionner %n sessions</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/carnet/ui/undo.py" line="59" />
        <source>Edit the title of %n item(s)</source>
        <translation><numerusform>Modifier le titre de %n dessin</numerusform><numerusform>Modifier le titre de %n dessins</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/carnet/ui/undo.py" line="61" />
        <source>Edit the caption of %n item(s)</source>
        <translation><numerusform>Modifier la légende de %n dessin</numerusform><numerusform>Modifier la légende de %n dessins</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/carnet/ui/undo.py" line="63" />
        <source>Edit the transcription of %n item(s)</source>
        <translation><numerusform>Modifier la transcription de %n dessin</numerusform><numerusform>Modifier la transcription de %n dessins</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/carnet/ui/undo.py" line="65" />
        <source>Change the licence of %n item(s)</source>
        <translation><numerusform>Changer la licence de %n dessin</numerusform><numerusform>Changer la licence de %n dessins</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/carnet/ui/undo.py" line="67" />
        <source>Edit the rights of %n item(s)</source>
        <translation><numerusform>Modifier les droits de %n dessin</numerusform><numerusform>Modifier les droits de %n dessins</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/carnet/ui/undo.py" line="69" />
        <source>Publish or unpublish %n item(s)</source>
        <translation><numerusform>Publier ou dépublier %n dessin</numerusform><numerusform>Publier ou dépublier %n dessins</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/carnet/ui/undo.py" line="70" />
        <source>Edit %n item(s)</source>
        <translation><numerusform>Modifier %n dessin</numerusform><numerusform>Modifier %n dessins</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/carnet/ui/undo.py" line="111" />
        <source>Change the tags of %n item(s)</source>
        <translation><numerusform>Changer les mots-clés de %n dessin</numerusform><numerusform>Changer les mots-clés de %n dessins</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/carnet/ui/undo.py" line="113" />
        <source>Change the people of %n item(s)</source>
        <translation><numerusform>Changer les personnes de %n dessin</numerusform><numerusform>Changer les personnes de %n dessins</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/carnet/ui/undo.py" line="175" />
        <source>Change the session of %n item(s)</source>
        <translation><numerusform>Changer la session de %n dessin</numerusform><numerusform>Changer la session de %n dessins</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/carnet/ui/undo.py" line="203" />
        <source>Restore %n item(s)</source>
        <translation><numerusform>Restaurer %n dessin</numerusform><numerusform>Restaurer %n dessins</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/carnet/ui/undo.py" line="205" />
        <source>Move %n item(s) to the trash</source>
        <translation><numerusform>Mettre %n dessin à la corbeille</numerusform><numerusform>Mettre %n dessins à la corbeille</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/carnet/ui/undo.py" line="230" />
        <source>Rotate %n item(s)</source>
        <translation><numerusform>Faire pivoter %n dessin</numerusform><numerusform>Faire pivoter %n dessins</numerusform></translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/undo.py" line="258" />
        <source>Edit a session</source>
        <translation>Modifier une session</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/carnet/ui/undo.py" line="277" />
        <source>Accept %n match(es)</source>
        <translation><numerusform>Accepter %n correspondance</numerusform><numerusform>Accepter %n correspondances</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/carnet/ui/undo.py" line="71" />
        <source>Edit “%1” of %n item(s)</source>
        <translation><numerusform>Modifier « %1 » de %n dessin</numerusform><numerusform>Modifier « %1 » de %n dessins</numerusform></translation>
    </message>
</context>
<context>
    <name>ViewerPanel</name>
    <message>
        <source>Straighten…</source>
        <translation>Redresser…</translation>
    </message>
    <message>
        <source>Read-only: no correction</source>
        <translation>Lecture seule : pas de correction</translation>
    </message>
    <message>
        <source>Straighten a drawing</source>
        <translation>Redresser un dessin</translation>
    </message>
    <message>
        <source>Loading full resolution…</source>
        <translation>Chargement de la pleine résolution…</translation>
    </message>
    <message>
        <source>No full resolution: %1</source>
        <translation>Pas de pleine résolution : %1</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/viewer.py" line="107" />
        <source>Caption</source>
        <translation>Légende</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/viewer.py" line="111" />
        <source>Previous</source>
        <translation>Précédent</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/viewer.py" line="112" />
        <source>Next</source>
        <translation>Suivant</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/viewer.py" line="113" />
        <source>Fit</source>
        <translation>Ajuster</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/viewer.py" line="114" />
        <source>100 %</source>
        <translation>100 %</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/viewer.py" line="115" />
        <source>Rotate left</source>
        <translation>Pivoter à gauche</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/viewer.py" line="116" />
        <source>Rotate right</source>
        <translation>Pivoter à droite</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/viewer.py" line="117" />
        <source>Close</source>
        <translation>Fermer</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/viewer.py" line="186" />
        <source>%1 of %2</source>
        <translation>%1 sur %2</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/viewer.py" line="1" />
        <source>Next drawing</source>
        <translation>Dessin suivant</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/viewer.py" line="1" />
        <source>Previous drawing</source>
        <translation>Dessin précédent</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/viewer.py" line="1" />
        <source>Back to the grid</source>
        <translation>Retour à la grille</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/viewer.py" line="1" />
        <source>Zoom in</source>
        <translation>Zoomer</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/viewer.py" line="1" />
        <source>Zoom out</source>
        <translation>Dézoomer</translation>
    </message>
</context>
<context>
    <name>WelcomeWidget</name>
    <message>
        <location filename="../../app/carnet/ui/welcome.py" line="26" />
        <source>Archives of live graphic recording.</source>
        <translation>Les archives de la facilitation graphique.</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/welcome.py" line="31" />
        <source>New archive…</source>
        <translation>Nouvelle archive…</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/welcome.py" line="32" />
        <source>Open archive…</source>
        <translation>Ouvrir une archive…</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/welcome.py" line="33" />
        <source>Open the demo archive</source>
        <translation>Ouvrir l’archive de démonstration</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/welcome.py" line="40" />
        <location filename="../../app/carnet/ui/welcome.py" line="42" />
        <source>Recent archives</source>
        <translation>Archives récentes</translation>
    </message>
</context>
<context>
    <name>box</name>
    <message>
        <location filename="../../app/carnet/ui/errors.py" line="25" />
        <source>Carnet</source>
        <translation>Carnet</translation>
    </message>
</context>
<context>
    <name>DemoDialog</name>
    <message>
        <location filename="../../app/carnet/ui/demo.py" line="19" />
        <source>Demo archive</source>
        <translation>Archive de démonstration</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/demo.py" line="20" />
        <source>Building the demo archive…</source>
        <translation>Création de l’archive de démonstration…</translation>
    </message>
</context>
<context>
    <name>ProgressPage</name>
    <message>
        <location filename="../../app/carnet/ui/progress.py" line="20" />
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
</context>
<context>
    <name>CoreMessages</name>
    <message>
        <source>--dry-run changes nothing: it cannot --reject or --confirm</source>
        <translation>--dry-run ne change rien : il ne peut pas --reject ni --confirm</translation>
    </message>
    <message>
        <source>not a date: {text!r} (write it YYYY-MM-DD, e.g. 2016-09-29)</source>
        <translation>pas une date : {text!r} (écrivez-la AAAA-MM-JJ, p. ex. 2016-09-29)</translation>
    </message>
    <message>
        <source>choose at least two sessions to merge</source>
        <translation>choisissez au moins deux sessions à fusionner</translation>
    </message>
    <message>
        <source>sessions of different events cannot be merged</source>
        <translation>des sessions d’événements différents ne peuvent pas être fusionnées</translation>
    </message>
    <message>
        <source>a session is split at a time inside it ({start} to {end})</source>
        <translation>une session se scinde à une heure comprise entre son début et sa fin ({start} à {end})</translation>
    </message>
    <message>
        <source>cannot read {value!r} as a time: write 2016-09-29 14:30 or 29/09/2016 14:30</source>
        <translation>impossible de lire {value!r} comme une heure : écrivez 2016-09-29 14:30 ou 29/09/2016 14:30</translation>
    </message>
    <message>
        <source>no saved search called {name!r}</source>
        <translation>pas de recherche enregistrée nommée {name!r}</translation>
    </message>
    <message>
        <source>give either the cover's item id or --clear</source>
        <translation>donnez soit le numéro du dessin de couverture, soit --clear</translation>
    </message>
    <message>
        <source>item {id} is not a drawing of this session</source>
        <translation>le dessin {id} n’est pas de cette session</translation>
    </message>
    <message>
        <source>item {id} is not a drawing of this event</source>
        <translation>le dessin {id} n’est pas de cet événement</translation>
    </message>
    <message>
        <source>each drawing can be given only one place in the order</source>
        <translation>chaque dessin ne peut avoir qu’une place dans l’ordre</translation>
    </message>
    <message>
        <source>nobody called {name!r} in this archive</source>
        <translation>personne ne s’appelle {name!r} dans cette archive</translation>
    </message>
    <message>
        <source>{new!r} is already someone in this archive: merge the two instead</source>
        <translation>{new!r} est déjà quelqu’un dans cette archive : fusionnez plutôt les deux</translation>
    </message>
    <message>
        <source>a person cannot be merged into themselves</source>
        <translation>une personne ne peut pas être fusionnée avec elle-même</translation>
    </message>
    <message>
        <source>{name!r} is still credited on items or sessions: merge them instead</source>
        <translation>{name!r} est encore crédité·e sur des dessins ou des sessions : fusionnez plutôt</translation>
    </message>
    <message>
        <source>no tag {tag!r} in this archive</source>
        <translation>pas de mot-clé {tag!r} dans cette archive</translation>
    </message>
    <message>
        <source>a tag cannot be moved into itself</source>
        <translation>un mot-clé ne peut pas être déplacé dans lui-même</translation>
    </message>
    <message>
        <source>the tag {tag!r} already exists: merge the two instead</source>
        <translation>le mot-clé {tag!r} existe déjà : fusionnez plutôt les deux</translation>
    </message>
    <message>
        <source>items still carry the tag {tag!r}: merge it instead</source>
        <translation>des dessins portent encore le mot-clé {tag!r} : fusionnez-le plutôt</translation>
    </message>
    <message>
        <source>cannot keep the catalog for undo: {error}</source>
        <translation>impossible de garder le catalogue pour l’annulation : {error}</translation>
    </message>
    <message>
        <source>cannot restore the catalog from {path}: {error}</source>
        <translation>impossible de restaurer le catalogue depuis {path} : {error}</translation>
    </message>
    <message>
        <source>its content does not match its checksum</source>
        <translation>son contenu ne correspond pas à sa somme de contrôle</translation>
    </message>
    <message>
        <source>{count} original(s) of the source do not match their checksum (first: {hash}); nothing was merged</source>
        <translation>{count} original(aux) de la source ne correspondent pas à leur somme de contrôle (le premier : {hash}) ; rien n’a été fusionné</translation>
    </message>
    <message>
        <source>merge cancelled: the archive is as it was</source>
        <translation>fusion annulée : l’archive est telle qu’elle était</translation>
    </message>
    <message>
        <source>{path} is neither a contribution package nor a Carnet archive</source>
        <translation>{path} n’est ni un paquet de contribution ni une archive Carnet</translation>
    </message>
    <message>
        <source>{path} is not a valid package: {why}</source>
        <translation>{path} n’est pas un paquet valide : {why}</translation>
    </message>
    <message>
        <source>{path} is not a valid package: it has no {name}</source>
        <translation>{path} n’est pas un paquet valide : il n’a pas de {name}</translation>
    </message>
    <message>
        <source>{path} is not a valid package: {name} does not match its checksum</source>
        <translation>{path} n’est pas un paquet valide : {name} ne correspond pas à sa somme de contrôle</translation>
    </message>
    <message>
        <source>{path} is not a valid package: its description is larger than {most} MB</source>
        <translation>{path} n’est pas un paquet valide : sa description dépasse {most} Mo</translation>
    </message>
    <message>
        <source>its description is nested too deeply</source>
        <translation>sa description est imbriquée trop profondément</translation>
    </message>
    <message>
        <source>{at} should be {what}</source>
        <translation>{at} devrait être {what}</translation>
    </message>
    <message>
        <source>it is not a Carnet contribution</source>
        <translation>ce n’est pas une contribution Carnet</translation>
    </message>
    <message>
        <source>{path} was written by a newer Carnet (package schema {schema}, this one reads {known}): update Carnet to merge it</source>
        <translation>{path} a été écrit par un Carnet plus récent (schéma de paquet {schema}, celui-ci lit {known}) : mettez Carnet à jour pour le fusionner</translation>
    </message>
    <message>
        <source>{path} is not a valid package: {error}</source>
        <translation>{path} n’est pas un paquet valide : {error}</translation>
    </message>
    <message>
        <source>{path} is not a valid package: the checksum of {file} is not its name</source>
        <translation>{path} n’est pas un paquet valide : la somme de contrôle de {file} n’est pas son nom</translation>
    </message>
    <message>
        <source>its description is not JSON ({error})</source>
        <translation>sa description n’est pas du JSON ({error})</translation>
    </message>
    <message>
        <source>sharing cancelled: nothing was written</source>
        <translation>partage annulé : rien n’a été écrit</translation>
    </message>
    <message>
        <source>--prefer takes mine, theirs or FIELD=mine|theirs, not {value!r}</source>
        <translation>--prefer prend mine, theirs ou CHAMP=mine|theirs, pas {value!r}</translation>
    </message>
    <message>
        <source>--prefer: unknown field {name!r} (fields: {known})</source>
        <translation>--prefer : champ inconnu {name!r} (champs : {known})</translation>
    </message>
    <message>
        <source>item {id}: no deep zoom, its tiles cannot be made: {error}</source>
        <translation>dessin {id} : pas de zoom profond, ses tuiles ne peuvent pas être faites : {error}</translation>
    </message>
    <message>
        <source>item {id}: no full-resolution download: {error}</source>
        <translation>dessin {id} : pas de téléchargement en pleine résolution : {error}</translation>
    </message>
    <message>
        <source>the original's checksum is not the one the catalog recorded</source>
        <translation>la somme de contrôle de l’original n’est pas celle que le catalogue a enregistrée</translation>
    </message>
    <message>
        <source>{url!r} is not an http:// or https:// address</source>
        <translation>{url!r} n’est pas une adresse http:// ou https://</translation>
    </message>
    <message>
        <source>{url!r}: a base address has no query, fragment or space</source>
        <translation>{url!r} : une adresse de base n’a ni requête, ni fragment, ni espace</translation>
    </message>
    <message>
        <source>image too large: {w}×{h} pixels</source>
        <translation>image trop grande : {w}×{h} pixels</translation>
    </message>
    <message>
        <source>no board found in item {id}: give its corners with --corners</source>
        <translation>aucun tableau trouvé dans le dessin {id} : donnez ses coins avec --corners</translation>
    </message>
    <message>
        <source>corrections are not valid JSON</source>
        <translation>les corrections ne sont pas du JSON valide</translation>
    </message>
    <message>
        <source>corrections must be a JSON object</source>
        <translation>les corrections doivent être un objet JSON</translation>
    </message>
    <message>
        <source>unknown correction: {names}</source>
        <translation>correction inconnue : {names}</translation>
    </message>
    <message>
        <source>the rotation must be a number of degrees</source>
        <translation>la rotation doit être un nombre de degrés</translation>
    </message>
    <message>
        <source>the corners must be four points x,y of a convex quadrilateral inside the image</source>
        <translation>les coins doivent être quatre points x,y d’un quadrilatère convexe dans l’image</translation>
    </message>
    <message>
        <source>the crop must be x,y,width,height as fractions of the image (0 to 1), at least 0.01</source>
        <translation>le recadrage doit être x,y,largeur,hauteur en fractions de l’image (de 0 à 1), au moins 0,01</translation>
    </message>
    <message>
        <source>Machine-read text</source>
        <translation>Texte lu par la machine</translation>
    </message>
    <message>
        <source>reading the lettering needs the OCR engine (rapidocr and onnxruntime), which is missing from this installation: reinstall Carnet</source>
        <translation>lire le lettrage demande le moteur d’OCR (rapidocr et onnxruntime), absent de cette installation : réinstallez Carnet</translation>
    </message>
    <message>
        <source>{reason}</source>
        <translation>{reason}</translation>
    </message>
    <message>
        <source>cannot open its image: {error}</source>
        <translation>impossible d’ouvrir son image : {error}</translation>
    </message>
    <message>
        <source>the engine could not read it: {error}</source>
        <translation>le moteur n’a pas pu le lire : {error}</translation>
    </message>
    <message>
        <source>reading cancelled</source>
        <translation>lecture annulée</translation>
    </message>
    <message>
        <source>the OCR engine could not start: {error}</source>
        <translation>le moteur d’OCR n’a pas pu démarrer : {error}</translation>
    </message>
    <message>
        <source>the OCR engine could not start</source>
        <translation>le moteur d’OCR n’a pas pu démarrer</translation>
    </message>
    <message>
        <source>the reader stopped on this image</source>
        <translation>la lecture s’est arrêtée sur cette image</translation>
    </message>
    <message>
        <source>reading took longer than {seconds} s</source>
        <translation>la lecture a pris plus de {seconds} s</translation>
    </message>
    <message>
        <source>unreadable</source>
        <translation>illisible</translation>
    </message>
    <message>
        <source>say which items to read: their ids, --event SLUG or --all</source>
        <translation>dites quels dessins lire : leurs numéros, --event SLUG ou --all</translation>
    </message>
    <message>
        <source>{path} is not a Carnet archive (no {catalog})</source>
        <translation>{path} n’est pas une archive Carnet (pas de {catalog})</translation>
    </message>
    <message>
        <source>{path} already exists and is not empty</source>
        <translation>{path} existe déjà et n’est pas vide</translation>
    </message>
    <message>
        <source>{path} is not a Carnet archive (no such folder)</source>
        <translation>{path} n’est pas une archive Carnet (ce dossier n’existe pas)</translation>
    </message>
    <message>
        <source>cannot create {path}: {error}</source>
        <translation>impossible de créer {path} : {error}</translation>
    </message>
    <message>
        <source>{path} is not a readable catalog: {error}</source>
        <translation>{path} n’est pas un catalogue lisible : {error}</translation>
    </message>
    <message>
        <source>the catalog {path} is damaged ({error}); restore it from a backup (an earlier copy may be next to it as catalog.sqlite.before-vN)</source>
        <translation>le catalogue {path} est endommagé ({error}) ; restaurez-le depuis une sauvegarde (une copie antérieure se trouve peut-être à côté, nommée catalog.sqlite.before-vN)</translation>
    </message>
    <message>
        <source>cannot open the catalog {path}: {error}</source>
        <translation>impossible d’ouvrir le catalogue {path} : {error}</translation>
    </message>
    <message>
        <source>this catalog was written by a newer Carnet (schema {version}, this one knows {latest}); update Carnet to open it</source>
        <translation>ce catalogue a été écrit par une version plus récente de Carnet (schéma {version}, celle-ci connaît le {latest}) ; mettez Carnet à jour pour l’ouvrir</translation>
    </message>
    <message>
        <source>archive in use by {who}{where}{when}: {path}</source>
        <translation>archive utilisée par {who}{where}{when} : {path}</translation>
    </message>
    <message>
        <source>{path}: {reason}</source>
        <translation>{path} : {reason}</translation>
    </message>
    <message>
        <source>PID {pid}</source>
        <translation>le processus {pid}</translation>
    </message>
    <message>
        <source>another process</source>
        <translation>un autre processus</translation>
    </message>
    <message>
        <source> on {host}</source>
        <translation> sur {host}</translation>
    </message>
    <message>
        <source> since {since}</source>
        <translation> depuis {since}</translation>
    </message>
    <message>
        <source>cannot read: {error}</source>
        <translation>illisible : {error}</translation>
    </message>
    <message>
        <source>empty file (0 bytes)</source>
        <translation>fichier vide (0 octet)</translation>
    </message>
    <message>
        <source>already in the archive</source>
        <translation>déjà dans l’archive</translation>
    </message>
    <message>
        <source>cannot read metadata: {error}</source>
        <translation>métadonnées illisibles : {error}</translation>
    </message>
    <message>
        <source>cannot copy into the archive: {error}</source>
        <translation>copie dans l’archive impossible : {error}</translation>
    </message>
    <message>
        <source>image too large to decode in memory</source>
        <translation>image trop grande pour être décodée en mémoire</translation>
    </message>
    <message>
        <source>cannot decode image: {error}</source>
        <translation>image impossible à décoder : {error}</translation>
    </message>
    <message>
        <source>cannot read folder: {error}</source>
        <translation>dossier illisible : {error}</translation>
    </message>
    <message>
        <source>not a regular file</source>
        <translation>pas un fichier ordinaire</translation>
    </message>
    <message>
        <source>the image decoder crashed on this file</source>
        <translation>le décodeur d’images a planté sur ce fichier</translation>
    </message>
    <message>
        <source>unknown error</source>
        <translation>erreur inconnue</translation>
    </message>
    <message>
        <source>truncated {format}: image data ends early</source>
        <translation>{format} tronqué : les données de l’image s’arrêtent avant la fin</translation>
    </message>
    <message>
        <source>cannot decode image: damaged {format} data</source>
        <translation>image impossible à décoder : données {format} endommagées</translation>
    </message>
    <message>
        <source>cannot decode image: not enough memory</source>
        <translation>image impossible à décoder : mémoire insuffisante</translation>
    </message>
    <message>
        <source>unknown format</source>
        <translation>format inconnu</translation>
    </message>
    <message>
        <source>not a supported image ({what})</source>
        <translation>pas une image prise en charge ({what})</translation>
    </message>
    <message>
        <source>looks like text</source>
        <translation>ressemble à du texte</translation>
    </message>
    <message>
        <source>video</source>
        <translation>vidéo</translation>
    </message>
    <message>
        <source>cannot read the image header: {detail}</source>
        <translation>en-tête de l’image illisible : {detail}</translation>
    </message>
    <message>
        <source>image is {width}×{height} pixels, over the {limit}-megapixel limit</source>
        <translation>l’image fait {width}×{height} pixels, au-delà de la limite de {limit} mégapixels</translation>
    </message>
    <message>
        <source>damaged or unrecognised header</source>
        <translation>en-tête endommagé ou non reconnu</translation>
    </message>
    <message>
        <source>image is over the {limit}-megapixel limit</source>
        <translation>l’image dépasse la limite de {limit} mégapixels</translation>
    </message>
    <message>
        <source>image has no pixels ({width}×{height})</source>
        <translation>l’image n’a aucun pixel ({width}×{height})</translation>
    </message>
    <message>
        <source>a date range needs at least one date: date:[2016-09-29 TO]</source>
        <translation>un intervalle de dates demande au moins une date : date:[2016-09-29 TO]</translation>
    </message>
    <message>
        <source>a lone * (or an empty range) would match everything; put at least {least} letters before * (numéri*)</source>
        <translation>un * seul (ou un intervalle vide) trouverait tout ; mettez au moins {least} lettres avant * (numéri*)</translation>
    </message>
    <message>
        <source>cannot read the date {date!r}: write 2016-09-29, 29/09/2016, 2016-09 or 2016 (a range: date:[2016-09-29 TO 2016-09-30])</source>
        <translation>date {date!r} illisible : écrivez 2016-09-29, 29/09/2016, 2016-09 ou 2016 (un intervalle : date:[2016-09-29 TO 2016-09-30])</translation>
    </message>
    <message>
        <source>the query is too long ({length} characters; at most {most})</source>
        <translation>la recherche est trop longue ({length} caractères ; {most} au plus)</translation>
    </message>
    <message>
        <source>the query is empty</source>
        <translation>la recherche est vide</translation>
    </message>
    <message>
        <source>nothing to search for: the query holds only very common words (le, la, de, the, of…) or operators; add a more specific word</source>
        <translation>rien à chercher : la recherche ne contient que des mots très courants (le, la, de, the, of…) ou des opérateurs ; ajoutez un mot plus précis</translation>
    </message>
    <message>
        <source>cannot search for {query}</source>
        <translation>impossible de chercher {query}</translation>
    </message>
    <message>
        <source>dates are searched as date:2016-09-29, date:2016-09, date:2016 or date:[2016-09-29 TO 2016-09-30]</source>
        <translation>les dates se cherchent ainsi : date:2016-09-29, date:2016-09, date:2016 ou date:[2016-09-29 TO 2016-09-30]</translation>
    </message>
    <message>
        <source>unknown field {name!r}; the fields are {fields} (to search the words themselves, put them in quotes: "{name} …")</source>
        <translation>champ {name!r} inconnu ; les champs sont {fields} (pour chercher ces mots eux-mêmes, mettez-les entre guillemets : "{name} …")</translation>
    </message>
    <message>
        <source>cannot read the query: {error}</source>
        <translation>recherche illisible : {error}</translation>
    </message>
    <message>
        <source>{word!r} is too short to expand: put at least {least} letters before * (numéri*)</source>
        <translation>{word!r} est trop court pour être complété : mettez au moins {least} lettres avant * (numéri*)</translation>
    </message>
    <message>
        <source>{word!r}~ is too short for a fuzzy search (3 letters at least)</source>
        <translation>{word!r}~ est trop court pour une recherche approchée (3 lettres au moins)</translation>
    </message>
    <message>
        <source>{field}: takes one value (e.g. {field}:yes)</source>
        <translation>{field}: prend une seule valeur (par exemple {field}:oui)</translation>
    </message>
    <message>
        <source>{pattern} stands for more than {most} different words; type a few more letters</source>
        <translation>{pattern} correspond à plus de {most} mots différents ; tapez quelques lettres de plus</translation>
    </message>
    <message>
        <source>a range needs at least one end: [a TO m]</source>
        <translation>un intervalle demande au moins une borne : [a TO m]</translation>
    </message>
    <message>
        <source>the date range ends before it starts ({start} &gt; {end})</source>
        <translation>l’intervalle de dates finit avant de commencer ({start} &gt; {end})</translation>
    </message>
    <message>
        <source>published: is yes or no (oui/non), not {value!r}</source>
        <translation>published: vaut oui ou non (yes/no), pas {value!r}</translation>
    </message>
    <message>
        <source>unknown filter {kind!r}</source>
        <translation>filtre {kind!r} inconnu</translation>
    </message>
    <message>
        <source>unknown sort {sort!r}</source>
        <translation>tri {sort!r} inconnu</translation>
    </message>
    <message>
        <source>unknown role {role!r}</source>
        <translation>rôle {role!r} inconnu</translation>
    </message>
    <message>
        <source>cannot set {fields} on a session</source>
        <translation>impossible de modifier {fields} sur une session</translation>
    </message>
    <message>
        <source>no session with id {id}</source>
        <translation>aucune session n’a l’identifiant {id}</translation>
    </message>
    <message>
        <source>a session ends after it starts</source>
        <translation>une session finit après avoir commencé</translation>
    </message>
    <message>
        <source>a session needs a title</source>
        <translation>une session a besoin d’un titre</translation>
    </message>
    <message>
        <source>invalid slug {slug!r}: use lower-case letters, digits and dashes (e.g. forum-2016)</source>
        <translation>identifiant {slug!r} invalide : utilisez des minuscules, des chiffres et des tirets (par exemple forum-2016)</translation>
    </message>
    <message>
        <source>an event needs a name</source>
        <translation>un événement a besoin d’un nom</translation>
    </message>
    <message>
        <source>unknown language {language!r}: use fr or en</source>
        <translation>langue {language!r} inconnue : utilisez fr ou en</translation>
    </message>
    <message>
        <source>the event ends before it starts</source>
        <translation>l’événement finit avant de commencer</translation>
    </message>
    <message>
        <source>none yet</source>
        <translation>aucun pour l’instant</translation>
    </message>
    <message>
        <source>no event {slug!r} (events: {known})</source>
        <translation>aucun événement {slug!r} (événements : {known})</translation>
    </message>
    <message>
        <source>no event with id {id}</source>
        <translation>aucun événement n’a l’identifiant {id}</translation>
    </message>
    <message>
        <source>a person needs a name</source>
        <translation>une personne a besoin d’un nom</translation>
    </message>
    <message>
        <source>unknown role {role!r}: use one of {roles}</source>
        <translation>rôle {role!r} inconnu : utilisez l’un de {roles}</translation>
    </message>
    <message>
        <source>no session {ref!r} in this event</source>
        <translation>aucune session {ref!r} dans cet événement</translation>
    </message>
    <message>
        <source>several sessions are called {ref!r}; give the id ({ids})</source>
        <translation>plusieurs sessions s’appellent {ref!r} ; donnez l’identifiant ({ids})</translation>
    </message>
    <message>
        <source>name the camera as 'Make Model', e.g. 'Apple iPhone 13'</source>
        <translation>nommez l’appareil « Marque Modèle », par exemple « Apple iPhone 13 »</translation>
    </message>
    <message>
        <source>give a clock offset a serial number or an illustrator, not both</source>
        <translation>donnez à un décalage d’horloge un numéro de série ou un illustrateur, pas les deux</translation>
    </message>
    <message>
        <source>unknown timezone {name!r}; use a name like Europe/Paris or America/Montreal</source>
        <translation>fuseau horaire {name!r} inconnu ; utilisez un nom comme Europe/Paris ou America/Montreal</translation>
    </message>
    <message>
        <source>an event with the slug {slug!r} already exists</source>
        <translation>un événement a déjà l’identifiant {slug!r}</translation>
    </message>
    <message>
        <source>no item with id {id}</source>
        <translation>aucun dessin n’a l’identifiant {id}</translation>
    </message>
    <message>
        <source>empty tag {tag!r}</source>
        <translation>mot-clé vide {tag!r}</translation>
    </message>
    <message>
        <source>a tag is at most 200 characters</source>
        <translation>un mot-clé fait au plus 200 caractères</translation>
    </message>
    <message>
        <source>text longer than {most} characters</source>
        <translation>texte de plus de {most} caractères</translation>
    </message>
    <message>
        <source>cannot set {fields}</source>
        <translation>impossible de modifier {fields}</translation>
    </message>
    <message>
        <source>a conflict is settled with mine or theirs, not {choice!r}</source>
        <translation>un conflit se règle par mine (la valeur de l’archive) ou theirs (celle de la contribution), pas {choice!r}</translation>
    </message>
    <message>
        <source>no open conflict of {field} on {where}</source>
        <translation>aucun conflit ouvert sur {field} de {where}</translation>
    </message>
    <message>
        <source>rotation is 0, 90, 180 or 270 degrees</source>
        <translation>la rotation vaut 0, 90, 180 ou 270 degrés</translation>
    </message>
    <message>
        <source>a saved search needs a name</source>
        <translation>une recherche enregistrée a besoin d’un nom</translation>
    </message>
    <message>
        <source>a saved search needs a query</source>
        <translation>une recherche enregistrée a besoin d’une requête</translation>
    </message>
    <message>
        <source>a saved search's name is at most {most} characters</source>
        <translation>le nom d’une recherche enregistrée fait au plus {most} caractères</translation>
    </message>
    <message>
        <source>a saved query is at most {most} characters</source>
        <translation>une requête enregistrée fait au plus {most} caractères</translation>
    </message>
    <message>
        <source>no saved search with id {id}</source>
        <translation>aucune recherche enregistrée n’a l’identifiant {id}</translation>
    </message>
    <message>
        <source>a saved search is already called {name!r}</source>
        <translation>une recherche enregistrée s’appelle déjà {name!r}</translation>
    </message>
    <message>
        <source>line {line}: {reason}</source>
        <translation>ligne {line} : {reason}</translation>
    </message>
    <message>
        <source>… and {count} more</source>
        <translation>… et {count} de plus</translation>
    </message>
    <message>
        <source>{path}: programme refused, nothing imported
{problems}</source>
        <translation>{path} : programme refusé, rien n’a été importé
{problems}</translation>
    </message>
    <message>
        <source>unknown licence {licence!r}; use one of: {known}</source>
        <translation>licence {licence!r} inconnue ; utilisez l’une de : {known}</translation>
    </message>
    <message>
        <source>indexing cancelled; the search index was left as it was</source>
        <translation>indexation annulée ; l’index de recherche est resté tel quel</translation>
    </message>
    <message>
        <source>the search index is closed</source>
        <translation>l’index de recherche est fermé</translation>
    </message>
    <message>
        <source>cannot write the search index: {error}</source>
        <translation>impossible d’écrire l’index de recherche : {error}</translation>
    </message>
    <message>
        <source>no event {slug!r}</source>
        <translation>aucun événement {slug!r}</translation>
    </message>
    <message>
        <source>cannot write {path}: {error}</source>
        <translation>impossible d’écrire {path} : {error}</translation>
    </message>
    <message>
        <source>the id column does not match the documents</source>
        <translation>la colonne des identifiants ne correspond pas aux documents</translation>
    </message>
    <message>
        <source>cannot create the search index in {path}: {error}</source>
        <translation>impossible de créer l’index de recherche dans {path} : {error}</translation>
    </message>
    <message>
        <source>cannot rebuild the search index: {error}</source>
        <translation>impossible de reconstruire l’index de recherche : {error}</translation>
    </message>
    <message>
        <source>the search process stopped</source>
        <translation>le processus de recherche s’est arrêté</translation>
    </message>
    <message>
        <source>the search process stopped: {error}</source>
        <translation>le processus de recherche s’est arrêté : {error}</translation>
    </message>
    <message>
        <source>e.g. 29/09/2016 10:30 or 2016-09-29T10:30</source>
        <translation>par exemple 29/09/2016 10:30 ou 2016-09-29T10:30</translation>
    </message>
    <message>
        <source>the title</source>
        <translation>le titre</translation>
    </message>
    <message>
        <source>the start</source>
        <translation>le début</translation>
    </message>
    <message>
        <source>the end</source>
        <translation>la fin</translation>
    </message>
    <message>
        <source>the date</source>
        <translation>la date</translation>
    </message>
    <message>
        <source>the start date</source>
        <translation>la date de début</translation>
    </message>
    <message>
        <source>the end date</source>
        <translation>la date de fin</translation>
    </message>
    <message>
        <source>the time slot</source>
        <translation>le créneau horaire</translation>
    </message>
    <message>
        <source>the duration</source>
        <translation>la durée</translation>
    </message>
    <message>
        <source>the room</source>
        <translation>la salle</translation>
    </message>
    <message>
        <source>the track</source>
        <translation>le parcours</translation>
    </message>
    <message>
        <source>the id</source>
        <translation>l’identifiant</translation>
    </message>
    <message>
        <source>none</source>
        <translation>aucun</translation>
    </message>
    <message>
        <source>cannot read the time slot {text!r} (write e.g. 10:30 - 11:45)</source>
        <translation>créneau horaire {text!r} illisible (écrivez par exemple 10:30 - 11:45)</translation>
    </message>
    <message>
        <source>{what} {text!r} has no date: add a date column or write the full date ({example})</source>
        <translation>{what} {text!r} n’a pas de date : ajoutez une colonne de date ou écrivez la date complète ({example})</translation>
    </message>
    <message>
        <source>no time slot</source>
        <translation>pas de créneau horaire</translation>
    </message>
    <message>
        <source>cannot read {what} {text!r} as a date and time ({example})</source>
        <translation>impossible de lire {what} {text!r} comme une date et une heure ({example})</translation>
    </message>
    <message>
        <source>no session: the file has a header but no rows below it</source>
        <translation>aucune session : le fichier a une ligne d’en-têtes mais aucune ligne en dessous</translation>
    </message>
    <message>
        <source>{first} and {second}</source>
        <translation>{first} et {second}</translation>
    </message>
    <message>
        <source>no title column: name one "Titre" or "Title" (headers: {headers})</source>
        <translation>pas de colonne de titre : nommez-en une « Titre » ou « Title » (en-têtes : {headers})</translation>
    </message>
    <message>
        <source>no start column: name one "Début" or "Start" (with an optional "Date" column for bare times) (headers: {headers})</source>
        <translation>pas de colonne de début : nommez-en une « Début » ou « Start » (avec une colonne « Date » facultative pour les heures seules) (en-têtes : {headers})</translation>
    </message>
    <message>
        <source>no end column: name one "Fin" or "End", or give a "Durée"/"Duration" column (headers: {headers})</source>
        <translation>pas de colonne de fin : nommez-en une « Fin » ou « End », ou donnez une colonne « Durée »/« Duration » (en-têtes : {headers})</translation>
    </message>
    <message>
        <source>the row has {cells} cells but the header has {columns} (a delimiter inside a cell that is not in quotes?)</source>
        <translation>la ligne a {cells} cellules mais l’en-tête en a {columns} (un séparateur dans une cellule qui n’est pas entre guillemets ?)</translation>
    </message>
    <message>
        <source>empty title</source>
        <translation>titre vide</translation>
    </message>
    <message>
        <source>cannot read the date {text!r} (write e.g. 29/09/2016 or 2016-09-29)</source>
        <translation>date {text!r} illisible (écrivez par exemple 29/09/2016 ou 2016-09-29)</translation>
    </message>
    <message>
        <source>no start time</source>
        <translation>pas d’heure de début</translation>
    </message>
    <message>
        <source>no end time</source>
        <translation>pas d’heure de fin</translation>
    </message>
    <message>
        <source>the file has no rows</source>
        <translation>le fichier n’a aucune ligne</translation>
    </message>
    <message>
        <source>columns {names} both give {what}; keep one</source>
        <translation>les colonnes {names} donnent toutes {what} ; n’en gardez qu’une</translation>
    </message>
    <message>
        <source>the session ends when it starts ({start})</source>
        <translation>la session finit quand elle commence ({start})</translation>
    </message>
    <message>
        <source>end {end} is before start {start}</source>
        <translation>la fin {end} est avant le début {start}</translation>
    </message>
    <message>
        <source>the CSV cannot be read here: {error}</source>
        <translation>le CSV est illisible ici : {error}</translation>
    </message>
    <message>
        <source>event {name}</source>
        <translation>événement {name}</translation>
    </message>
    <message>
        <source>event</source>
        <translation>événement</translation>
    </message>
    <message>
        <source>{label}: {reason}</source>
        <translation>{label} : {reason}</translation>
    </message>
    <message>
        <source>not well-formed XML: {error}</source>
        <translation>XML mal formé : {error}</translation>
    </message>
    <message>
        <source>the XML cannot be read: {error}</source>
        <translation>le XML est illisible : {error}</translation>
    </message>
    <message>
        <source> (a web page?)</source>
        <translation> (une page web ?)</translation>
    </message>
    <message>
        <source>not valid JSON: {error}</source>
        <translation>JSON invalide : {error}</translation>
    </message>
    <message>
        <source>the JSON is nested too deeply</source>
        <translation>le JSON est imbriqué trop profondément</translation>
    </message>
    <message>
        <source>{field!r} should be text</source>
        <translation>{field!r} devrait être du texte</translation>
    </message>
    <message>
        <source>event without a title</source>
        <translation>événement sans titre</translation>
    </message>
    <message>
        <source>event without a duration</source>
        <translation>événement sans durée</translation>
    </message>
    <message>
        <source>event without a date (neither its own nor its day's)</source>
        <translation>événement sans date (ni la sienne ni celle de son jour)</translation>
    </message>
    <message>
        <source>event without a start time</source>
        <translation>événement sans heure de début</translation>
    </message>
    <message>
        <source>cannot read the start time {text!r} (expected e.g. 10:30)</source>
        <translation>heure de début {text!r} illisible (attendu : par exemple 10:30)</translation>
    </message>
    <message>
        <source>the schedule has no "days" list</source>
        <translation>le programme n’a pas de liste "days"</translation>
    </message>
    <message>
        <source>room {room!r}: an event is not an object</source>
        <translation>salle {room!r} : un événement n’est pas un objet</translation>
    </message>
    <message>
        <source>no session: the schedule has no event</source>
        <translation>aucune session : le programme n’a aucun événement</translation>
    </message>
    <message>
        <source>cannot read the date {text!r} (expected e.g. 2016-09-29)</source>
        <translation>date {text!r} illisible (attendu : par exemple 2016-09-29)</translation>
    </message>
    <message>
        <source>not a frab/pretalx schedule: the root element is &lt;{tag}&gt;, expected &lt;schedule&gt;{hint}</source>
        <translation>pas un programme frab/pretalx : l’élément racine est &lt;{tag}&gt; au lieu de &lt;schedule&gt;{hint}</translation>
    </message>
    <message>
        <source>not a frab/pretalx schedule: expected {shape}</source>
        <translation>pas un programme frab/pretalx : attendu {shape}</translation>
    </message>
    <message>
        <source>day {day} is not an object</source>
        <translation>le jour {day} n’est pas un objet</translation>
    </message>
    <message>
        <source>day {day}: "rooms" should map room names to events</source>
        <translation>jour {day} : "rooms" devrait associer des noms de salles à des événements</translation>
    </message>
    <message>
        <source>the duration {text!r} is zero</source>
        <translation>la durée {text!r} est nulle</translation>
    </message>
    <message>
        <source>cannot read the date {text!r} (expected e.g. 2016-09-29T10:30:00+02:00)</source>
        <translation>date {text!r} illisible (attendu : par exemple 2016-09-29T10:30:00+02:00)</translation>
    </message>
    <message>
        <source>the XML declares entities or external references, which Carnet refuses for safety ({kind})</source>
        <translation>le XML déclare des entités ou des références externes, que Carnet refuse par sécurité ({kind})</translation>
    </message>
    <message>
        <source>day {day}, room {room!r}: events should be a list</source>
        <translation>jour {day}, salle {room!r} : les événements devraient être une liste</translation>
    </message>
    <message>
        <source>not an iCalendar file (no VCALENDAR)</source>
        <translation>pas un fichier iCalendar (pas de VCALENDAR)</translation>
    </message>
    <message>
        <source>no session: the calendar has no event with a start and end time{all_day}{cancelled}</source>
        <translation>aucune session : le calendrier n’a aucun événement avec une heure de début et de fin{all_day}{cancelled}</translation>
    </message>
    <message>
        <source>the iCalendar file cannot be read: {error}</source>
        <translation>le fichier iCalendar est illisible : {error}</translation>
    </message>
    <message>
        <source>cannot read DTSTART {value}</source>
        <translation>DTSTART {value} illisible</translation>
    </message>
    <message>
        <source>cannot read DTEND {value!r} as a time</source>
        <translation>DTEND {value!r} ne se lit pas comme une heure</translation>
    </message>
    <message>
        <source>event without an end (DTEND or DURATION)</source>
        <translation>événement sans fin (DTEND ou DURATION)</translation>
    </message>
    <message>
        <source>not an iCalendar file (no BEGIN:VCALENDAR)</source>
        <translation>pas un fichier iCalendar (pas de BEGIN:VCALENDAR)</translation>
    </message>
    <message>
        <source>event without a title (SUMMARY)</source>
        <translation>événement sans titre (SUMMARY)</translation>
    </message>
    <message>
        <source>recurring event: give the event its dates to list its occurrences</source>
        <translation>événement récurrent : donnez ses dates à l’événement pour en lister les occurrences</translation>
    </message>
    <message>
        <source>cannot expand the recurring event: {error}</source>
        <translation>impossible de développer l’événement récurrent : {error}</translation>
    </message>
    <message>
        <source>event without a start (DTSTART)</source>
        <translation>événement sans début (DTSTART)</translation>
    </message>
    <message>
        <source>cannot read DURATION {value!r}</source>
        <translation>DURATION {value!r} illisible</translation>
    </message>
    <message>
        <source>the event ends before (or when) it starts</source>
        <translation>l’événement finit avant de commencer (ou au moment où il commence)</translation>
    </message>
    <message>
        <source>not a valid iCalendar line: {content!r}</source>
        <translation>ligne iCalendar invalide : {content!r}</translation>
    </message>
    <message>
        <source>END:{name} without a matching BEGIN:{name}</source>
        <translation>END:{name} sans BEGIN:{name} correspondant</translation>
    </message>
    <message>
        <source>BEGIN:{name} is never closed</source>
        <translation>BEGIN:{name} n’est jamais fermé</translation>
    </message>
    <message>
        <source>BEGIN:VEVENT inside the event of line {line} (is its END:VEVENT missing?)</source>
        <translation>BEGIN:VEVENT à l’intérieur de l’événement de la ligne {line} (son END:VEVENT manque-t-il ?)</translation>
    </message>
    <message>
        <source> ({count} all-day events skipped)</source>
        <translation> ({count} événements sur toute la journée ignorés)</translation>
    </message>
    <message>
        <source> ({count} cancelled events skipped)</source>
        <translation> ({count} événements annulés ignorés)</translation>
    </message>
    <message>
        <source>unknown time zone {tzid!r} (no VTIMEZONE for it)</source>
        <translation>fuseau horaire {tzid!r} inconnu (aucun VTIMEZONE ne le décrit)</translation>
    </message>
    <message>
        <source>clock offset</source>
        <translation>décalage d’horloge</translation>
    </message>
    <message>
        <source>a clock offset</source>
        <translation>un décalage d’horloge</translation>
    </message>
    <message>
        <source>the clock offset</source>
        <translation>le décalage d’horloge</translation>
    </message>
    <message>
        <source>duration</source>
        <translation>durée</translation>
    </message>
    <message>
        <source>a duration</source>
        <translation>une durée</translation>
    </message>
    <message>
        <source>the grace period cannot be negative: {grace}</source>
        <translation>le délai de grâce ne peut pas être négatif : {grace}</translation>
    </message>
    <message>
        <source>empty {what} (e.g. {example})</source>
        <translation>{what} vide (par exemple {example})</translation>
    </message>
    <message>
        <source>{what} cannot have a sign: {raw!r} (e.g. {example})</source>
        <translation>{what} ne peut pas avoir de signe : {raw!r} (par exemple {example})</translation>
    </message>
    <message>
        <source>minutes and seconds go up to 59 in {what}: {raw!r}</source>
        <translation>les minutes et les secondes vont jusqu’à 59 dans {what} : {raw!r}</translation>
    </message>
    <message>
        <source>give a unit with {what} {raw!r} (e.g. {example})</source>
        <translation>précisez l’unité pour {what} {raw!r} (par exemple {example})</translation>
    </message>
    <message>
        <source>cannot read {raw!r} as {what} (e.g. {example})</source>
        <translation>impossible de lire {raw!r} comme {what} (par exemple {example})</translation>
    </message>
    <message>
        <source>unknown unit {unit!r} in {what} {raw!r} (use d, h, m or s, e.g. {example})</source>
        <translation>unité {unit!r} inconnue ({what} {raw!r}) : utilisez j (ou d), h, m ou s, par exemple {example}</translation>
    </message>
    <message>
        <source>unit {unit!r} given twice in {what} {raw!r}</source>
        <translation>unité {unit!r} donnée deux fois ({what} {raw!r})</translation>
    </message>
    <message>
        <source>a spreadsheet workbook or zip archive: save the sheet as CSV first</source>
        <translation>un classeur de tableur ou une archive zip : enregistrez d’abord la feuille en CSV</translation>
    </message>
    <message>
        <source>an old Excel workbook (.xls): save the sheet as CSV first</source>
        <translation>un ancien classeur Excel (.xls) : enregistrez d’abord la feuille en CSV</translation>
    </message>
    <message>
        <source>a PDF document: Carnet reads CSV, iCalendar and frab/pretalx schedules</source>
        <translation>un document PDF : Carnet lit les programmes CSV, iCalendar et frab/pretalx</translation>
    </message>
    <message>
        <source>a JPEG image, not a programme</source>
        <translation>une image JPEG, pas un programme</translation>
    </message>
    <message>
        <source>a PNG image, not a programme</source>
        <translation>une image PNG, pas un programme</translation>
    </message>
    <message>
        <source>this is a binary file, not a programme</source>
        <translation>c’est un fichier binaire, pas un programme</translation>
    </message>
    <message>
        <source>the file is larger than {size} MB</source>
        <translation>le fichier dépasse {size} Mo</translation>
    </message>
    <message>
        <source>cannot read the file: {error}</source>
        <translation>fichier illisible : {error}</translation>
    </message>
    <message>
        <source>the text is not {expected} (save the file as UTF-8)</source>
        <translation>le texte n’est pas en {expected} (enregistrez le fichier en UTF-8)</translation>
    </message>
    <message>
        <source>unknown time zone {name!r} (e.g. Europe/Paris)</source>
        <translation>fuseau horaire {name!r} inconnu (par exemple Europe/Paris)</translation>
    </message>
    <message>
        <source>UTF-8 or Windows-1252</source>
        <translation>UTF-8 ou Windows-1252</translation>
    </message>
    <message>
        <source>no session in the file</source>
        <translation>aucune session dans le fichier</translation>
    </message>
    <message>
        <source>the file is empty</source>
        <translation>le fichier est vide</translation>
    </message>
    <message>
        <source>this file is {what}</source>
        <translation>ce fichier est {what}</translation>
    </message>
    <message>
        <source>broken UTF-16 text</source>
        <translation>texte UTF-16 endommagé</translation>
    </message>
    <message>
        <source>unknown kit language {language!r}: use fr or en</source>
        <translation>langue du kit {language!r} inconnue : utilisez fr ou en</translation>
    </message>
    <message>
        <source>{path}: the kit cannot be written inside the archive, or around it</source>
        <translation>{path} : le kit ne peut être écrit ni dans l’archive, ni autour d’elle</translation>
    </message>
    <message>
        <source>the archive has no event to export</source>
        <translation>l’archive n’a aucun événement à exporter</translation>
    </message>
    <message>
        <source>--all exports every event: give either --event SLUG or --all</source>
        <translation>--all exporte tous les événements : donnez soit --event SLUG, soit --all</translation>
    </message>
    <message>
        <source>say which event to export: --event SLUG, or --all for every one</source>
        <translation>dites quel événement exporter : --event SLUG, ou --all pour tous</translation>
    </message>
    <message>
        <source>export cancelled; run it again to complete the kit</source>
        <translation>export annulé ; relancez-le pour compléter le kit</translation>
    </message>
    <message>
        <source>cannot read {path}: {error}</source>
        <translation>impossible de lire {path} : {error}</translation>
    </message>
    <message>
        <source>item {id}: the original is missing from the archive</source>
        <translation>dessin {id} : l’original manque dans l’archive</translation>
    </message>
    <message>
        <source>item {id}: no preview, no thumbnail and no original; shown without image</source>
        <translation>dessin {id} : ni aperçu, ni vignette, ni original ; montré sans image</translation>
    </message>
    <message>
        <source>item {id}: images cannot be regenerated: {error}</source>
        <translation>dessin {id} : impossible de régénérer les images : {error}</translation>
    </message>
    <message>
        <source>item {id}: its preview and thumbnail are missing or damaged, and its original {state}: shown without image</source>
        <translation>dessin {id} : son aperçu et sa vignette manquent ou sont abîmés, et son original {state} : montré sans image</translation>
    </message>
    <message>
        <source>item {id}: the original in the archive {state}; {consequence}</source>
        <translation>dessin {id} : l’original dans l’archive {state} ; {consequence}</translation>
    </message>
    <message>
        <source>run “carnet check” on the archive</source>
        <translation>lancez « carnet check » sur l’archive</translation>
    </message>
    <message>
        <source>the kit keeps the copy an earlier export checked</source>
        <translation>le kit garde la copie vérifiée par un export précédent</translation>
    </message>
    <message>
        <source>it is not in the kit</source>
        <translation>il n’est pas dans le kit</translation>
    </message>
    <message>
        <source>has been altered (its checksum is not the one the catalog recorded)</source>
        <translation>a été modifié (sa somme de contrôle n’est pas celle que le catalogue a notée)</translation>
    </message>
    <message>
        <source>is missing</source>
        <translation>manque</translation>
    </message>
    <message>
        <source>cannot be read: {error}</source>
        <translation>ne peut pas être lu : {error}</translation>
    </message>
    <message>
        <source>is a symbolic link, not a file</source>
        <translation>est un lien symbolique, pas un fichier</translation>
    </message>
    <message>
        <source>is not a regular file</source>
        <translation>n’est pas un fichier ordinaire</translation>
    </message>
    <message>
        <source>lies outside the archive (one of its folders is a link)</source>
        <translation>se trouve hors de l’archive (un de ses dossiers est un lien)</translation>
    </message>
    <message>
        <source>is empty</source>
        <translation>est vide</translation>
    </message>
    <message>
        <source>does not have the size the catalog recorded ({size} bytes instead of {expected})</source>
        <translation>n’a pas la taille que le catalogue a notée ({size} octets au lieu de {expected})</translation>
    </message>
    <message>
        <source>{path} was not written by Carnet and the kit needs that name: move it elsewhere and export again</source>
        <translation>{path} n’a pas été écrit par Carnet et le kit a besoin de ce nom : déplacez-le ailleurs et relancez l’export</translation>
    </message>
    <message>
        <source>the kit templates cannot be found (no {path})</source>
        <translation>les modèles du kit sont introuvables (pas de {path})</translation>
    </message>
    <message>
        <source>cannot read the kit's {language} texts: {error}</source>
        <translation>impossible de lire les textes {language} du kit : {error}</translation>
    </message>
    <message>
        <source>refusing to write {name!r}: not a safe name inside the kit</source>
        <translation>refus d’écrire {name!r} : ce n’est pas un nom sûr dans le kit</translation>
    </message>
    <message>
        <source>{path} exists and is not a folder</source>
        <translation>{path} existe et n’est pas un dossier</translation>
    </message>
    <message>
        <source>a kit with other files</source>
        <translation>un kit avec d’autres fichiers</translation>
    </message>
    <message>
        <source>other files</source>
        <translation>d’autres fichiers</translation>
    </message>
    <message>
        <source>{path} already holds {what} ({files}); choose an empty folder, or use --force to write the kit there anyway (files Carnet did not write are kept)</source>
        <translation>{path} contient déjà {what} ({files}) ; choisissez un dossier vide, ou utilisez --force pour y écrire le kit malgré tout (les fichiers que Carnet n’a pas écrits sont gardés)</translation>
    </message>
    <message>
        <source>refusing to write {name!r}: it would land outside {path}</source>
        <translation>refus d’écrire {name!r} : il se retrouverait hors de {path}</translation>
    </message>
    <message>
        <source>refusing to write through the symbolic link {path}</source>
        <translation>refus d’écrire à travers le lien symbolique {path}</translation>
    </message>
    <message>
        <source>cannot copy {path} into the kit: {error}</source>
        <translation>impossible de copier {path} dans le kit : {error}</translation>
    </message>
    <message>
        <source>the number of results is between 1 and {most}</source>
        <translation>le nombre de résultats est entre 1 et {most}</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Titre</translation>
    </message>
    <message>
        <source>Caption</source>
        <translation>Légende</translation>
    </message>
    <message>
        <source>Transcription</source>
        <translation>Transcription</translation>
    </message>
    <message>
        <source>Licence</source>
        <translation>Licence</translation>
    </message>
    <message>
        <source>Rights</source>
        <translation>Droits</translation>
    </message>
    <message>
        <source>Published in the kit</source>
        <translation>Publié dans le kit</translation>
    </message>
    <message>
        <source>the disk holding {path} is full: free some space and run the command again</source>
        <translation>le disque qui contient {path} est plein : libérez de la place et relancez la commande</translation>
    </message>
    <message>
        <source>{path} is on read-only media: nothing can be written there</source>
        <translation>{path} est sur un support en lecture seule : rien ne peut y être écrit</translation>
    </message>
    <message>
        <source>the archive {path} is on read-only media: it can be read, searched and exported from, not changed</source>
        <translation>l’archive {path} est sur un support en lecture seule : on peut la lire, y chercher et l’exporter, mais pas la modifier</translation>
    </message>
    <message>
        <source>{path} cannot be written ({error}): check its permissions, or whether the media is write-protected</source>
        <translation>impossible d’écrire dans {path} ({error}) : vérifiez ses permissions, ou si le support est protégé en écriture</translation>
    </message>
    <message>
        <source>{what}, not a regular file</source>
        <translation>{what}, pas un fichier ordinaire</translation>
    </message>
    <message>
        <source>a folder</source>
        <translation>un dossier</translation>
    </message>
    <message>
        <source>a named pipe (FIFO)</source>
        <translation>un tube nommé (FIFO)</translation>
    </message>
    <message>
        <source>a socket</source>
        <translation>une socket</translation>
    </message>
    <message>
        <source>a device</source>
        <translation>un périphérique</translation>
    </message>
    <message>
        <source>a special file</source>
        <translation>un fichier spécial</translation>
    </message>
    <message>
        <source>{path} is not the archive's lock file ({what}): remove it and open the archive again</source>
        <translation>{path} n’est pas le fichier de verrou de l’archive ({what}) : supprimez-le et rouvrez l’archive</translation>
    </message>
    <message>
        <source>Alt text</source>
        <translation>Texte alternatif</translation>
    </message>
    <message>
        <source>unknown paper size {paper!r}: use A4, A5 or letter</source>
        <translation>format de papier {paper!r} inconnu : choisissez A4, A5 ou letter</translation>
    </message>
    <message>
        <source>unknown booklet language {language!r}: use fr or en</source>
        <translation>langue de livret {language!r} inconnue : choisissez fr ou en</translation>
    </message>
    <message>
        <source>booklet cancelled; nothing was written</source>
        <translation>livret annulé ; rien n’a été écrit</translation>
    </message>
    <message>
        <source>{path}: the booklet cannot be written inside the archive</source>
        <translation>{path} : le livret ne peut pas être écrit dans l’archive</translation>
    </message>
    <message>
        <source>{path} is a folder: give the booklet a file name, such as booklet.pdf</source>
        <translation>{path} est un dossier : donnez au livret un nom de fichier, par exemple livret.pdf</translation>
    </message>
    <message>
        <source>session {id} is not a session of {event}: see carnet programme show</source>
        <translation>la session {id} n’est pas une session de {event} : voyez carnet programme show</translation>
    </message>
    <message>
        <source>drawing {id} is not among the drawings of this booklet (another event, not published, or in the trash)</source>
        <translation>le dessin {id} n’est pas parmi les dessins de ce livret (autre événement, non publié ou dans la corbeille)</translation>
    </message>
    <message>
        <source>the booklet would have no drawing: publish drawings of {event}, choose other sessions, or include unpublished drawings</source>
        <translation>le livret n’aurait aucun dessin : publiez des dessins de {event}, choisissez d’autres sessions ou incluez les dessins non publiés</translation>
    </message>
    <message>
        <source>drawing {id}: not printed: {error}</source>
        <translation>dessin {id} : non imprimé : {error}</translation>
    </message>
    <message>
        <source>the catalog of the archive {path} is missing ({catalog}); nothing was created in its place. {advice}</source>
        <translation>le catalogue de l’archive {path} a disparu ({catalog}) ; rien n’a été créé à sa place. {advice}</translation>
    </message>
    <message>
        <source>the catalog {path} is a folder, not a file; nothing was changed. {advice}</source>
        <translation>le catalogue {path} est un dossier, pas un fichier ; rien n’a été modifié. {advice}</translation>
    </message>
    <message>
        <source>the catalog {path} is not a regular file; nothing was changed. {advice}</source>
        <translation>le catalogue {path} n’est pas un fichier ordinaire ; rien n’a été modifié. {advice}</translation>
    </message>
    <message>
        <source>the catalog {path} is empty (0 bytes); nothing was changed. {advice}</source>
        <translation>le catalogue {path} est vide (0 octet) ; rien n’a été modifié. {advice}</translation>
    </message>
    <message>
        <source>{path} is not a Carnet catalog (it holds none of its tables); nothing was changed. {advice}</source>
        <translation>{path} n’est pas un catalogue Carnet (il ne contient aucune de ses tables) ; rien n’a été modifié. {advice}</translation>
    </message>
    <message>
        <source>To restore it, move {files} out of {folder}, copy {catalog} from your backup into it and run: carnet check --repair {folder}</source>
        <translation>Pour le restaurer, sortez {files} de {folder}, copiez-y {catalog} depuis votre sauvegarde et lancez : carnet check --repair {folder}</translation>
    </message>
    <message>
        <source>To restore it, copy {catalog} from your backup into {folder} and run: carnet check --repair {folder}</source>
        <translation>Pour le restaurer, copiez {catalog} depuis votre sauvegarde dans {folder} et lancez : carnet check --repair {folder}</translation>
    </message>
    <message>
        <source>Without a backup, {copy} is the catalog as it was before Carnet last upgraded it: use it as {catalog} the same way.</source>
        <translation>Sans sauvegarde, {copy} est le catalogue tel qu’il était avant la dernière mise à jour de Carnet : utilisez-le comme {catalog} de la même façon.</translation>
    </message>
    <message>
        <source>Without a backup, make a new archive with carnet init and import {originals} into it: the drawings come back, their descriptions do not.</source>
        <translation>Sans sauvegarde, créez une nouvelle archive avec carnet init et importez-y {originals} : les dessins reviennent, pas leurs descriptions.</translation>
    </message>
    <message>
        <source>{restore}. {fallback}</source>
        <translation>{restore}. {fallback}</translation>
    </message>
    <message>
        <source>the disk holding {path} is full, or the one holding the temporary folder {temp}: free some space and run the command again (the catalog is not damaged: the change was refused whole)</source>
        <translation>le disque qui contient {path} est plein, ou celui du dossier temporaire {temp} : libérez de la place et relancez la commande (le catalogue n’est pas endommagé : la modification a été refusée en bloc)</translation>
    </message>
    <message>
        <source>the catalog {path} cannot be read ({error}). If another program has this archive open, close it and run the command again: its catalog.sqlite-wal may have been removed or cut short while it was open. Then run: carnet check {folder}</source>
        <translation>le catalogue {path} ne peut pas être lu ({error}). Si un autre programme a ouvert cette archive, fermez-le et relancez la commande : son catalog.sqlite-wal a peut-être été supprimé ou tronqué pendant qu’il était ouvert. Lancez ensuite : carnet check {folder}</translation>
    </message>
    <message>
        <source>the catalog {path} is damaged ({error}); nothing was changed. {advice}</source>
        <translation>le catalogue {path} est endommagé ({error}) ; rien n’a été modifié. {advice}</translation>
    </message>
    <message>
        <source>the catalog {path} lacks part of what this version of Carnet reads ({error}): it may come from another version of Carnet. Open it once where it can be written (carnet check --repair {folder}) to bring it up to date; if this stays, restore it from a backup</source>
        <translation>il manque au catalogue {path} une partie de ce que lit cette version de Carnet ({error}) : il vient peut-être d’une autre version de Carnet. Ouvrez-le une fois là où il peut être écrit (carnet check --repair {folder}) pour le mettre à jour ; si cela persiste, restaurez-le depuis une sauvegarde</translation>
    </message>
</context>
<context>
    <name>LetteringReader</name>
    <message>
        <source>Reading the lettering needs the OCR engine (rapidocr and onnxruntime), which is missing from this installation of Carnet. Reinstall Carnet to read the lettering.</source>
        <translation>Lire le lettrage demande le moteur d’OCR (rapidocr et onnxruntime), absent de cette installation de Carnet. Réinstallez Carnet pour lire le lettrage.</translation>
    </message>
    <message>
        <source>This archive is open read-only: changes are not possible.</source>
        <translation>Cette archive est ouverte en lecture seule : aucune modification n’est possible.</translation>
    </message>
</context>
<context>
    <name>MachineReadPanel</name>
    <message>
        <source>Machine-read text</source>
        <translation>Texte lu par la machine</translation>
    </message>
    <message>
        <source>Read the lettering</source>
        <translation>Lire le lettrage</translation>
    </message>
    <message>
        <source>Read the words drawn in the selected drawings, on this computer</source>
        <translation>Lire les mots dessinés dans les dessins sélectionnés, sur cet ordinateur</translation>
    </message>
    <message>
        <source>Use as transcription</source>
        <translation>Utiliser comme transcription</translation>
    </message>
    <message>
        <source>Copy the machine-read text into the transcription, to correct it there</source>
        <translation>Copier le texte lu par la machine dans la transcription, pour l’y corriger</translation>
    </message>
    <message>
        <source>Not read yet</source>
        <translation>Pas encore lu</translation>
    </message>
    <message>
        <source>No lettering found</source>
        <translation>Aucun lettrage trouvé</translation>
    </message>
    <message>
        <source>Read by the machine (%1): check it before using it.</source>
        <translation>Lu par la machine (%1) : vérifiez-le avant de l’utiliser.</translation>
    </message>
    <message>
        <source>Mixed</source>
        <translation>Mixte</translation>
    </message>
    <message>
        <source>Reading the lettering…</source>
        <translation>Lecture du lettrage…</translation>
    </message>
    <message>
        <source>Reading the lettering: %1 of %2</source>
        <translation>Lecture du lettrage : %1 sur %2</translation>
    </message>
    <message numerus="yes">
        <source>%n drawing(s) could not be read</source>
        <translation><numerusform>%n dessin n’a pas pu être lu</numerusform><numerusform>%n dessins n’ont pas pu être lus</numerusform></translation>
    </message>
</context>
<context>
    <name>ItemGridModel</name>
    <message>
        <source>Found only in the machine-read text:</source>
        <translation>Trouvé seulement dans le texte lu par la machine :</translation>
    </message>
</context>
<context>
    <name>ConflictModel</name>
    <message>
        <source>Item</source>
        <translation>Dessin</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>Champ</translation>
    </message>
    <message>
        <source>Mine</source>
        <translation>Le mien</translation>
    </message>
    <message>
        <source>Theirs</source>
        <translation>Le leur</translation>
    </message>
    <message>
        <source>Drawing</source>
        <translation>Dessin</translation>
    </message>
    <message>
        <source>(empty)</source>
        <translation>(vide)</translation>
    </message>
    <message>
        <source>Theirs (%1)</source>
        <translation>Le leur (%1)</translation>
    </message>
</context>
<context>
    <name>MergeDialog</name>
    <message>
        <source>Undo this merge</source>
        <translation>Annuler cette fusion</translation>
    </message>
    <message>
        <source>Restore the archive as it was before the merge, without the drawings it added</source>
        <translation>Rendre l’archive telle qu’elle était avant la fusion, sans les dessins qu’elle a ajoutés</translation>
    </message>
    <message>
        <source>The archive is as it was before the merge.</source>
        <translation>L’archive est telle qu’elle était avant la fusion.</translation>
    </message>
    <message>
        <source>Merge an archive or package</source>
        <translation>Fusionner une archive ou un paquet</translation>
    </message>
    <message>
        <source>Bring in the drawings and descriptions of a contribution package or of another archive. You will see what changes before anything is written.</source>
        <translation>Faire entrer les dessins et les descriptions d’un paquet de contribution ou d’une autre archive. Vous verrez ce qui change avant que rien ne soit écrit.</translation>
    </message>
    <message>
        <source>Package or archive</source>
        <translation>Paquet ou archive</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>Choisir…</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Source</translation>
    </message>
    <message>
        <source>Look</source>
        <translation>Regarder</translation>
    </message>
    <message>
        <source>New drawings</source>
        <translation>Nouveaux dessins</translation>
    </message>
    <message>
        <source>Conflicts</source>
        <translation>Conflits</translation>
    </message>
    <message>
        <source>Keep mine for all</source>
        <translation>Garder les miens pour tous</translation>
    </message>
    <message>
        <source>Take theirs for all</source>
        <translation>Prendre les leurs pour tous</translation>
    </message>
    <message>
        <source>People who may be the same</source>
        <translation>Personnes peut-être identiques</translation>
    </message>
    <message>
        <source>Merge</source>
        <translation>Fusionner</translation>
    </message>
    <message>
        <source>Merge progress</source>
        <translation>Avancement de la fusion</translation>
    </message>
    <message>
        <source>Choose a package or an archive</source>
        <translation>Choisir un paquet ou une archive</translation>
    </message>
    <message>
        <source>Reading the source…</source>
        <translation>Lecture de la source…</translation>
    </message>
    <message>
        <source>Already merged: nothing to change.</source>
        <translation>Déjà fusionné : rien à changer.</translation>
    </message>
    <message numerus="yes">
        <source>%n new drawing(s)</source>
        <translation>
            <numerusform>%n nouveau dessin</numerusform>
            <numerusform>%n nouveaux dessins</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n field(s) updated</source>
        <translation>
            <numerusform>%n champ mis à jour</numerusform>
            <numerusform>%n champs mis à jour</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n conflict(s)</source>
        <translation>
            <numerusform>%n conflit</numerusform>
            <numerusform>%n conflits</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 and %2: the same person? (not merged)</source>
        <translation>%1 et %2 : la même personne ? (non fusionnées)</translation>
    </message>
    <message>
        <source>Merging…</source>
        <translation>Fusion…</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Annulation…</translation>
    </message>
    <message numerus="yes">
        <source>%n conflict(s) left for review</source>
        <translation>
            <numerusform>%n conflit laissé à revoir</numerusform>
            <numerusform>%n conflits laissés à revoir</numerusform>
        </translation>
    </message>
    <message>
        <source>Merge cancelled: the archive is as it was.</source>
        <translation>Fusion annulée : l’archive est telle qu’elle était.</translation>
    </message>
    <message>
        <source>The merge stopped: %1</source>
        <translation>La fusion s’est arrêtée : %1</translation>
    </message>
    <message numerus="yes">
        <source>%n drawing(s) of the source came without their original (a package made without originals): there is no picture to show, and they are not added. Their descriptions still update the drawings you have.</source>
        <translation><numerusform>%n dessin de la source est venu sans son original (un paquet fait sans les originaux) : il n’y a pas d’image à montrer, et il n’est pas ajouté. Sa description met tout de même à jour les dessins que vous avez.</numerusform><numerusform>%n dessins de la source sont venus sans leur original (un paquet fait sans les originaux) : il n’y a pas d’image à montrer, et ils ne sont pas ajoutés. Leurs descriptions mettent tout de même à jour les dessins que vous avez.</numerusform></translation>
    </message>
    <message>
        <source>Both sides changed these fields. Tick the value to keep; the archive's stays unless you take theirs.</source>
        <translation>Les deux côtés ont modifié ces champs. Cochez la valeur à garder ; celle de l’archive reste, sauf si vous prenez la leur.</translation>
    </message>
    <message numerus="yes">
        <source>Conflicts (%n)</source>
        <translation><numerusform>Conflits (%n)</numerusform><numerusform>Conflits (%n)</numerusform></translation>
    </message>
    <message>
        <source>Merged again.</source>
        <translation>Fusionné de nouveau.</translation>
    </message>
    <message numerus="yes">
        <source>New drawings (%n)</source>
        <translation><numerusform>Nouveaux dessins (%n)</numerusform><numerusform>Nouveaux dessins (%n)</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>People (%n)</source>
        <translation><numerusform>Personnes (%n)</numerusform><numerusform>Personnes (%n)</numerusform></translation>
    </message>
    <message>
        <source>Restore the archive as it was before the merge, without the drawings it added (Edit → Undo does the same)</source>
        <translation>Rendre l’archive telle qu’elle était avant la fusion, sans les dessins qu’elle a ajoutés (Édition → Annuler fait de même)</translation>
    </message>
    <message>
        <source>These names may be one person spelled two ways. Tick those who are: they become one, under your spelling. The others stay apart.</source>
        <translation>Ces noms sont peut-être une même personne écrite de deux façons. Cochez ceux qui le sont : ils ne font plus qu’un, sous votre orthographe. Les autres restent distincts.</translation>
    </message>
</context>
<context>
    <name>ShareDialog</name>
    <message>
        <source>Share with the organiser</source>
        <translation>Partager avec l’organisateur</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>Événement</translation>
    </message>
    <message>
        <source>Illustrator</source>
        <translation>Illustrateur</translation>
    </message>
    <message>
        <source>Include the originals</source>
        <translation>Inclure les originaux</translation>
    </message>
    <message>
        <source>Package folder</source>
        <translation>Dossier du paquet</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>Choisir…</translation>
    </message>
    <message>
        <source>Folder</source>
        <translation>Dossier</translation>
    </message>
    <message>
        <source>Share</source>
        <translation>Partager</translation>
    </message>
    <message>
        <source>Sharing progress</source>
        <translation>Avancement du partage</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Annulation…</translation>
    </message>
    <message>
        <source>Writing the package…</source>
        <translation>Écriture du paquet…</translation>
    </message>
    <message numerus="yes">
        <source>%n drawing(s) in the package</source>
        <translation>
            <numerusform>%n dessin dans le paquet</numerusform>
            <numerusform>%n dessins dans le paquet</numerusform>
        </translation>
    </message>
    <message>
        <source>Folder: %1</source>
        <translation>Dossier : %1</translation>
    </message>
</context>
<context>
    <name>EventDialog</name>
    <message>
        <source>Edit the event</source>
        <translation>Modifier l’événement</translation>
    </message>
    <message>
        <source>New event</source>
        <translation>Nouvel événement</translation>
    </message>
    <message>
        <source>e.g. forum-2016</source>
        <translation>p. ex. forum-2016</translation>
    </message>
    <message>
        <source>YYYY-MM-DD</source>
        <translation>AAAA-MM-JJ</translation>
    </message>
    <message>
        <source>French</source>
        <translation>Français</translation>
    </message>
    <message>
        <source>English</source>
        <translation>Anglais</translation>
    </message>
    <message>
        <source>e.g. CC-BY-SA-4.0</source>
        <translation>p. ex. CC-BY-SA-4.0</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <source>Slug</source>
        <translation>Identifiant court</translation>
    </message>
    <message>
        <source>Starts</source>
        <translation>Début</translation>
    </message>
    <message>
        <source>Ends</source>
        <translation>Fin</translation>
    </message>
    <message>
        <source>Time zone</source>
        <translation>Fuseau horaire</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Langue</translation>
    </message>
    <message>
        <source>Place</source>
        <translation>Lieu</translation>
    </message>
    <message>
        <source>Licence</source>
        <translation>Licence</translation>
    </message>
</context>
<context>
    <name>CurationActions</name>
    <message>
        <source>Choose an event</source>
        <translation>Choisissez un événement</translation>
    </message>
    <message>
        <source>Choose an event in the sidebar first.</source>
        <translation>Choisissez d’abord un événement dans la barre latérale.</translation>
    </message>
    <message>
        <source>New event…</source>
        <translation>Nouvel événement…</translation>
    </message>
    <message>
        <source>Edit the event…</source>
        <translation>Modifier l’événement…</translation>
    </message>
    <message>
        <source>Delete the event…</source>
        <translation>Supprimer l’événement…</translation>
    </message>
    <message>
        <source>Rename…</source>
        <translation>Renommer…</translation>
    </message>
    <message>
        <source>Merge into…</source>
        <translation>Fusionner avec…</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Supprimer</translation>
    </message>
    <message>
        <source>Delete the event “%1”?</source>
        <translation>Supprimer l’événement « %1 » ?</translation>
    </message>
    <message numerus="yes">
        <source>%n session(s) go with it</source>
        <translation>
            <numerusform>%n session part avec lui</numerusform>
            <numerusform>%n sessions partent avec lui</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n item(s) lose their session</source>
        <translation>
            <numerusform>%n dessin perd sa session</numerusform>
            <numerusform>%n dessins perdent leur session</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n item(s) stay in the archive without an event</source>
        <translation>
            <numerusform>%n dessin reste dans l’archive sans événement</numerusform>
            <numerusform>%n dessins restent dans l’archive sans événement</numerusform>
        </translation>
    </message>
    <message>
        <source>You can undo this.</source>
        <translation>Vous pourrez l’annuler.</translation>
    </message>
    <message>
        <source>Delete the event</source>
        <translation>Supprimer l’événement</translation>
    </message>
    <message>
        <source>Rename</source>
        <translation>Renommer</translation>
    </message>
    <message>
        <source>New spelling</source>
        <translation>Nouvelle orthographe</translation>
    </message>
    <message>
        <source>Merge</source>
        <translation>Fusionner</translation>
    </message>
    <message>
        <source>Merge “%1” into</source>
        <translation>Fusionner « %1 » avec</translation>
    </message>
    <message>
        <source>New tag</source>
        <translation>Nouveau mot-clé</translation>
    </message>
    <message>
        <source>New name</source>
        <translation>Nouveau nom</translation>
    </message>
</context>
<context>
    <name>CoverActions</name>
    <message>
        <source>This drawing belongs to no event: give it one first.</source>
        <translation>Ce dessin n’appartient à aucun événement : donnez-lui-en un d’abord.</translation>
    </message>
    <message>
        <source>Move later</source>
        <translation>Reculer dans la session</translation>
    </message>
    <message>
        <source>Move earlier</source>
        <translation>Avancer dans la session</translation>
    </message>
    <message>
        <source>Use as event cover</source>
        <translation>Prendre comme couverture de l’événement</translation>
    </message>
    <message>
        <source>Use as session cover</source>
        <translation>Prendre comme couverture de la session</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <location filename="../../app/carnet/ui/shortcuts.py" line="1" />
        <source>Keyboard shortcuts</source>
        <translation>Raccourcis clavier</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/shortcuts.py" line="1" />
        <source>Action</source>
        <translation>Action</translation>
    </message>
    <message>
        <location filename="../../app/carnet/ui/shortcuts.py" line="1" />
        <source>Keys</source>
        <translation>Touches</translation>
    </message>
</context>
<context>
    <name>SidebarDrops</name>
    <message>
        <source>Nothing to change: they are there already.</source>
        <translation>Rien à changer : ils y sont déjà.</translation>
    </message>
</context>
<context>
    <name>NewItemModel</name>
    <message>
        <source>No picture: the original cannot be shown.</source>
        <translation>Pas d’image : l’original ne peut pas être montré.</translation>
    </message>
</context>
<context>
    <name>PeopleModel</name>
    <message>
        <source>Ticked: one person, called “%1”. Not ticked: two people.</source>
        <translation>Coché : une seule personne, appelée « %1 ». Non coché : deux personnes.</translation>
    </message>
    <message>
        <source>“%1” (theirs) and “%2” (yours): a letter or two apart</source>
        <translation>« %1 » (le leur) et « %2 » (le vôtre) : à une lettre ou deux près</translation>
    </message>
    <message>
        <source>“%1” (theirs) and “%2” (yours): the same name but for accents</source>
        <translation>« %1 » (le leur) et « %2 » (le vôtre) : le même nom aux accents près</translation>
    </message>
</context>
<context>
    <name>MergeCommand</name>
    <message>
        <source>Merge “%1”</source>
        <translation>Fusionner « %1 »</translation>
    </message>
    <message>
        <source>The merge cannot be undone: drawings were added or deleted since, and restoring the archive as it was before the merge would lose them.</source>
        <translation>La fusion ne peut pas être annulée : des dessins ont été ajoutés ou supprimés depuis, et rendre l’archive telle qu’elle était avant la fusion les perdrait.</translation>
    </message>
    <message>
        <source>Undoing the merge…</source>
        <translation>Annulation de la fusion…</translation>
    </message>
    <message>
        <source>The merge cannot be done again: the archive's drawings changed since it was undone. Merge the source again from the File menu.</source>
        <translation>La fusion ne peut pas être refaite : les dessins de l’archive ont changé depuis son annulation. Fusionnez de nouveau la source depuis le menu Fichier.</translation>
    </message>
    <message>
        <source>The merge cannot be done again: the source is no longer there (%1). Plug it in again and redo.</source>
        <translation>La fusion ne peut pas être refaite : la source n’est plus là (%1). Rebranchez-la et rétablissez.</translation>
    </message>
    <message>
        <source>Merging again…</source>
        <translation>Nouvelle fusion…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
</context>
<context>
    <name>ConflictNames</name>
    <message>
        <source>Session</source>
        <translation>Session</translation>
    </message>
    <message>
        <source>Corrections</source>
        <translation>Corrections</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>Mots-clés</translation>
    </message>
    <message>
        <source>Speakers</source>
        <translation>Intervenants</translation>
    </message>
    <message>
        <source>Illustrators</source>
        <translation>Illustrateur·rices</translation>
    </message>
    <message>
        <source>Cover</source>
        <translation>Couverture</translation>
    </message>
    <message>
        <source>Order of drawings</source>
        <translation>Ordre des dessins</translation>
    </message>
    <message>
        <source>Event “%1”</source>
        <translation>Événement « %1 »</translation>
    </message>
    <message>
        <source>Session “%1”</source>
        <translation>Session « %1 »</translation>
    </message>
</context>
<context>
    <name>ConflictReviewModel</name>
    <message>
        <source>Drawing</source>
        <translation>Dessin</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>Champ</translation>
    </message>
    <message>
        <source>Mine</source>
        <translation>Le mien</translation>
    </message>
    <message>
        <source>Theirs</source>
        <translation>Le leur</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Provenance</translation>
    </message>
    <message>
        <source>%1, merged %2</source>
        <translation>%1, fusionné le %2</translation>
    </message>
    <message>
        <source>(empty)</source>
        <translation>(vide)</translation>
    </message>
</context>
<context>
    <name>ConflictsDialog</name>
    <message numerus="yes">
        <source>%n conflict(s) could not take their value: its drawing or session is no longer in the archive. They stay open.</source>
        <translation><numerusform>%n conflit n’a pas pu prendre leur valeur : son dessin ou sa session n’est plus dans l’archive. Il reste ouvert.</numerusform><numerusform>%n conflits n’ont pas pu prendre leur valeur : leur dessin ou leur session n’est plus dans l’archive. Ils restent ouverts.</numerusform></translation>
    </message>
    <message>
        <source>Merge conflicts</source>
        <translation>Conflits de fusion</translation>
    </message>
    <message>
        <source>Merges left these conflicts open: the archive kept its own value. Tick the value to keep, for each or for all, then Apply. Those left unticked stay open.</source>
        <translation>Des fusions ont laissé ces conflits ouverts : l’archive a gardé sa propre valeur. Cochez la valeur à garder, pour chacun ou pour tous, puis Appliquer. Ceux qui restent sans coche restent ouverts.</translation>
    </message>
    <message>
        <source>Merges left these conflicts open. This archive is open read-only: they can be reviewed here, and settled in a window that can change the archive.</source>
        <translation>Des fusions ont laissé ces conflits ouverts. Cette archive est ouverte en lecture seule : on peut les examiner ici, et les régler dans une fenêtre qui peut modifier l’archive.</translation>
    </message>
    <message>
        <source>No conflict is open.</source>
        <translation>Aucun conflit n’est ouvert.</translation>
    </message>
    <message>
        <source>Keep mine for all</source>
        <translation>Garder les miens pour tous</translation>
    </message>
    <message>
        <source>Take theirs for all</source>
        <translation>Prendre les leurs pour tous</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>Appliquer</translation>
    </message>
</context>
</TS>
